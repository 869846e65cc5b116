using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>Tag, Untag and List*Tags for roles, users, managed policies and OIDC providers, each authorized on the entity's ARN.</summary>
internal sealed class IamTagOperations(IamEntities iam) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("TagRole", "iam:TagRole", c => TagEntity(c, iam.Role(c), (r, tags) => r with { Tags = IamTags.Merge(r.Tags, tags) }, r => r.Tags))
        .Add("UntagRole", "iam:UntagRole", c => UntagEntity(c, iam.Role(c), (r, keys) => r with { Tags = IamTags.Remove(r.Tags, keys) }))
        .Add("ListRoleTags", "iam:ListRoleTags", c => ListTags(c, iam.Role(c), r => r.Tags))
        .Add("TagUser", "iam:TagUser", c => TagEntity(c, User(c), (u, tags) => u with { Tags = IamTags.Merge(u.Tags, tags) }, u => u.Tags))
        .Add("UntagUser", "iam:UntagUser", c => UntagEntity(c, User(c), (u, keys) => u with { Tags = IamTags.Remove(u.Tags, keys) }))
        .Add("ListUserTags", "iam:ListUserTags", c => ListTags(c, User(c), u => u.Tags))
        .Add("TagPolicy", "iam:TagPolicy", c => TagEntity(c, Policy(c), (p, tags) => p with { Tags = IamTags.Merge(p.Tags, tags) }, p => p.Tags))
        .Add("UntagPolicy", "iam:UntagPolicy", c => UntagEntity(c, Policy(c), (p, keys) => p with { Tags = IamTags.Remove(p.Tags, keys) }))
        .Add("ListPolicyTags", "iam:ListPolicyTags", c => ListTags(c, Policy(c), p => p.Tags))
        .Add("TagOpenIDConnectProvider", "iam:TagOpenIDConnectProvider",
            c => TagEntity(c, OidcProvider(c), (p, tags) => p with { Tags = IamTags.Merge(p.Tags, tags) }, p => p.Tags))
        .Add("UntagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
            c => UntagEntity(c, OidcProvider(c), (p, keys) => p with { Tags = IamTags.Remove(p.Tags, keys) }))
        .Add("ListOpenIDConnectProviderTags", "iam:ListOpenIDConnectProviderTags", c => ListTags(c, OidcProvider(c), p => p.Tags));

    private IamTarget<UserRecord> User(AwsRequestContext c) => iam.User(c, Name(c.Query, "UserName", 64));

    private IamTarget<ManagedPolicyRecord> Policy(AwsRequestContext c) => iam.Policy(PolicyArn(c.Query));

    private IamTarget<OidcProviderRecord> OidcProvider(AwsRequestContext c) => iam.OidcProvider(c.Query.Required("OpenIDConnectProviderArn"));

    private OperationCall TagEntity<T>(AwsRequestContext c, IamTarget<T> entity, Func<T, IReadOnlyList<Tag>, T> apply, Func<T, IReadOnlyList<Tag>> tagsOf)
        where T : class
    {
        var tags = IamTags.Read(c.Query, required: true);
        return OperationCall.On(entity.Arn, () =>
        {
            iam.Write(() => entity.Table.Update(entity.Key, current =>
            {
                if (current is null) throw entity.Missing();
                var next = apply(current, tags);
                if (tagsOf(next).Count > IamTags.MaxTags) throw IamErrors.LimitExceeded("The number of tags has reached the maximum limit.");
                return next;
            }));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall UntagEntity<T>(AwsRequestContext c, IamTarget<T> entity, Func<T, IReadOnlyList<string>, T> apply) where T : class
    {
        var keys = IamTags.ReadKeys(c.Query);
        return OperationCall.On(entity.Arn, () =>
        {
            iam.Write(() => entity.Table.Update(entity.Key, current => current is null ? throw entity.Missing() : apply(current, keys)));
            return IamXml.Answer(c, null);
        });
    }

    private static OperationCall ListTags<T>(AwsRequestContext c, IamTarget<T> entity, Func<T, IReadOnlyList<Tag>> tagsOf) where T : class =>
        OperationCall.On(entity.Arn, () =>
        {
            var current = entity.Table.Find(entity.Key) ?? throw entity.Missing();
            var page = Paginate(tagsOf(current), t => t.Key.ToLowerInvariant(), c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteTags(xml, page.Items);
                IamXml.WritePaging(xml, page);
            });
        });
}
