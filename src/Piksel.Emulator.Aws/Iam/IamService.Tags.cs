using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// Tag, Untag and List*Tags for roles, users, managed policies and OIDC providers. IAM tag keys are
// case-insensitive: tagging "env" when "Env" is there replaces it; an entity holds at most 50 tags.
public sealed partial class IamService
{
    private const int MaxTags = 50;

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagKeyRegex();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagValueRegex();

    private void AddTagOperations()
    {
        Add("TagRole", c => TagEntity(c, "iam:TagRole", RoleEntity(c), (r, tags) => r with { Tags = Merge(r.Tags, tags) }));
        Add("UntagRole", c => UntagEntity(c, "iam:UntagRole", RoleEntity(c), (r, keys) => r with { Tags = Remove(r.Tags, keys) }));
        Add("ListRoleTags", c => ListTags(c, "iam:ListRoleTags", RoleEntity(c)));
        Add("TagUser", c => TagEntity(c, "iam:TagUser", UserEntity(c), (u, tags) => u with { Tags = Merge(u.Tags, tags) }));
        Add("UntagUser", c => UntagEntity(c, "iam:UntagUser", UserEntity(c), (u, keys) => u with { Tags = Remove(u.Tags, keys) }));
        Add("ListUserTags", c => ListTags(c, "iam:ListUserTags", UserEntity(c)));
        Add("TagPolicy", c => TagEntity(c, "iam:TagPolicy", PolicyEntity(c), (p, tags) => p with { Tags = Merge(p.Tags, tags) }));
        Add("UntagPolicy", c => UntagEntity(c, "iam:UntagPolicy", PolicyEntity(c), (p, keys) => p with { Tags = Remove(p.Tags, keys) }));
        Add("ListPolicyTags", c => ListTags(c, "iam:ListPolicyTags", PolicyEntity(c)));
        Add("TagOpenIDConnectProvider", c => TagEntity(c, "iam:TagOpenIDConnectProvider", OidcEntity(c), (p, tags) => p with { Tags = Merge(p.Tags, tags) }));
        Add("UntagOpenIDConnectProvider", c => UntagEntity(c, "iam:UntagOpenIDConnectProvider", OidcEntity(c), (p, keys) => p with { Tags = Remove(p.Tags, keys) }));
        Add("ListOpenIDConnectProviderTags", c => ListTags(c, "iam:ListOpenIDConnectProviderTags", OidcEntity(c)));
    }

    /// <summary>A taggable entity: its table and key, the ARN to authorize, its tags, and the error when it is missing.</summary>
    private sealed record Taggable<T>(State.Table<T> Table, string Key, string Arn, Func<T, IReadOnlyList<Tag>> Tags, Func<AwsServiceException> Missing)
        where T : class;

    private Taggable<RoleRecord> RoleEntity(AwsRequestContext c)
    {
        var name = Name(c.Query, "RoleName", 64);
        return new(Iam.Roles, IamStore.Key(c.AccountId, name), Iam.FindRole(c.AccountId, name)?.Arn ?? IamArn(c, "role", "/", name),
            r => r.Tags, () => IamErrors.NoSuchRole(name));
    }

    private Taggable<UserRecord> UserEntity(AwsRequestContext c)
    {
        var name = Name(c.Query, "UserName", 64);
        return new(Iam.Users, IamStore.Key(c.AccountId, name), Iam.FindUser(c.AccountId, name)?.Arn ?? IamArn(c, "user", "/", name),
            u => u.Tags, () => IamErrors.NoSuchUser(name));
    }

    private Taggable<ManagedPolicyRecord> PolicyEntity(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        return new(Iam.Policies, arn, arn, p => p.Tags, () => IamErrors.NoSuchPolicy(arn));
    }

    private Taggable<OidcProviderRecord> OidcEntity(AwsRequestContext c)
    {
        var arn = c.Query.Required("OpenIDConnectProviderArn");
        return new(Iam.OidcProviders, arn, arn, p => p.Tags, () => NoSuchOidcProvider(arn));
    }

    private Task TagEntity<T>(AwsRequestContext c, string action, Taggable<T> entity, Func<T, IReadOnlyList<Tag>, T> apply) where T : class
    {
        var tags = RequestTags(c.Query, required: true);
        c.Authorize(action, entity.Arn);
        lock (gate)
        {
            entity.Table.Update(entity.Key, current =>
            {
                if (current is null) throw entity.Missing();
                var next = apply(current, tags);
                if (entity.Tags(next).Count > MaxTags) throw IamErrors.LimitExceeded("The number of tags has reached the maximum limit.");
                return next;
            });
        }
        return Answer(c, null);
    }

    private Task UntagEntity<T>(AwsRequestContext c, string action, Taggable<T> entity, Func<T, IReadOnlyList<string>, T> apply) where T : class
    {
        var keys = c.Query.GetList("TagKeys");
        if (keys.Count > MaxTags) throw IamErrors.Constraint("[...]", "tagKeys", $"Member must have length less than or equal to {MaxTags}");
        c.Authorize(action, entity.Arn);
        lock (gate)
        {
            entity.Table.Update(entity.Key, current => current is null ? throw entity.Missing() : apply(current, keys));
        }
        return Answer(c, null);
    }

    private Task ListTags<T>(AwsRequestContext c, string action, Taggable<T> entity) where T : class
    {
        c.Authorize(action, entity.Arn);
        var current = entity.Table.Find(entity.Key) ?? throw entity.Missing();
        var page = Paginate(entity.Tags(current), t => t.Key.ToLowerInvariant(), c.Query);
        return Answer(c, xml =>
        {
            WriteTags(xml, page.Items);
            WritePaging(xml, page);
        });
    }

    /// <summary>The request's <c>Tags.member.N.Key/Value</c>, validated as IAM does.</summary>
    private static List<Tag> RequestTags(QueryParameters query, bool required = false)
    {
        var members = query.GetStructList("Tags");
        if (required && members.Count == 0) throw IamErrors.Constraint("[]", "tags", "Member must have length greater than or equal to 1");
        if (members.Count > MaxTags) throw IamErrors.Constraint("[...]", "tags", $"Member must have length less than or equal to {MaxTags}");
        var tags = new List<Tag>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var key = members[i].GetValueOrDefault("Key") ?? throw IamErrors.Constraint("null", $"tags.{i + 1}.member.key", "Member must not be null");
            var value = members[i].GetValueOrDefault("Value") ?? throw IamErrors.Constraint("null", $"tags.{i + 1}.member.value", "Member must not be null");
            if (key.Length is < 1 or > 128) throw IamErrors.Constraint(key, $"tags.{i + 1}.member.key", "Member must have length less than or equal to 128");
            if (!TagKeyRegex().IsMatch(key)) throw IamErrors.Constraint(key, $"tags.{i + 1}.member.key", @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+");
            if (value.Length > 256) throw IamErrors.Constraint(value, $"tags.{i + 1}.member.value", "Member must have length less than or equal to 256");
            if (!TagValueRegex().IsMatch(value)) throw IamErrors.Constraint(value, $"tags.{i + 1}.member.value", @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw IamErrors.InvalidInput("User-defined tag keys can't start with 'aws:' - this prefix is reserved for AWS use.");
            tags.Add(new Tag(key, value));
        }
        if (tags.DistinctBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Count() != tags.Count)
            throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        return tags;
    }

    private static List<Tag> Merge(IReadOnlyList<Tag> current, IReadOnlyList<Tag> added)
    {
        var merged = current.ToList();
        foreach (var tag in added)
        {
            var at = merged.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
            if (at >= 0) merged[at] = tag; else merged.Add(tag);
        }
        return merged;
    }

    private static List<Tag> Remove(IReadOnlyList<Tag> current, IReadOnlyList<string> keys) =>
        current.Where(t => !keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase)).ToList();
}
