using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>A user's inline policies (Put/Get/List/DeleteUserPolicy) and attached managed policies (Attach/Detach/ListAttached).</summary>
internal sealed class UserPolicyOperations(IamEntities iam) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutUserPolicy", "iam:PutUserPolicy", PutUserPolicy)
        .Add("GetUserPolicy", "iam:GetUserPolicy", GetUserPolicy)
        .Add("ListUserPolicies", "iam:ListUserPolicies", ListUserPolicies)
        .Add("DeleteUserPolicy", "iam:DeleteUserPolicy", DeleteUserPolicy)
        .Add("AttachUserPolicy", "iam:AttachUserPolicy", AttachUserPolicy)
        .Add("DetachUserPolicy", "iam:DetachUserPolicy", DetachUserPolicy)
        .Add("ListAttachedUserPolicies", "iam:ListAttachedUserPolicies", ListAttachedUserPolicies);

    private OperationCall PutUserPolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var document = Document(c.Query, PolicyUsage.Identity);
        return Change(c, u =>
        {
            var policies = InlinePolicies.With(u.InlinePolicies, policyName, document);
            if (InlinePolicies.Size(policies) > InlinePolicies.UserQuota)
                throw IamErrors.LimitExceeded($"Maximum policy size of {InlinePolicies.UserQuota} bytes exceeded for user {u.UserName}");
            return u with { InlinePolicies = policies };
        });
    }

    private OperationCall GetUserPolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var target = User(c);
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            var document = user.InlinePolicies.GetValueOrDefault(policyName) ?? throw NoSuchUserPolicy(policyName);
            return IamXml.Answer(c, xml => IamXml.WriteInlinePolicy(xml, "UserName", user.UserName, policyName, document));
        });
    }

    private OperationCall ListUserPolicies(AwsRequestContext c)
    {
        var target = User(c);
        return OperationCall.On(target.Arn, () =>
        {
            var page = Paginate(target.Existing.InlinePolicies.Keys, n => n, c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteStrings(xml, "PolicyNames", page.Items);
                IamXml.WritePaging(xml, page);
            });
        });
    }

    private OperationCall DeleteUserPolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        return Change(c, u => u.InlinePolicies.ContainsKey(policyName)
            ? u with { InlinePolicies = InlinePolicies.Without(u.InlinePolicies, policyName) }
            : throw NoSuchUserPolicy(policyName));
    }

    private OperationCall AttachUserPolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArn(c.Query);
        return Change(c, u =>
        {
            if (u.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)) return u;
            if (u.AttachedPolicyArns.Count >= AttachedPolicies.Quota)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerUser: {AttachedPolicies.Quota}");
            return u with { AttachedPolicyArns = [.. u.AttachedPolicyArns, policyArn] };
        }, before: () => iam.RequireAttachable(c, policyArn));
    }

    private OperationCall DetachUserPolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArn(c.Query);
        return Change(c, u => u.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)
            ? u with { AttachedPolicyArns = u.AttachedPolicyArns.Where(a => a != policyArn).ToList() }
            : throw IamErrors.NoSuchEntity($"Policy {policyArn} was not found."));
    }

    private OperationCall ListAttachedUserPolicies(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        var target = User(c);
        return OperationCall.On(target.Arn, () => AttachedPolicies.Answer(c, target.Existing.AttachedPolicyArns, prefix));
    }

    private IamTarget<UserRecord> User(AwsRequestContext c) => iam.User(c, Name(c.Query, "UserName", 64));

    /// <summary>
    /// Authorizes the operation on the <c>UserName</c> user, then changes it under the write gate: <paramref name="before"/>
    /// first (a check on another table), then <paramref name="change"/> on the current row; the answer is empty.
    /// </summary>
    private OperationCall Change(AwsRequestContext c, Func<UserRecord, UserRecord> change, Action? before = null)
    {
        var target = User(c);
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            iam.Write(() =>
            {
                before?.Invoke();
                iam.Store.Users.Update(target.Key, u => u is null ? throw IamErrors.NoSuchUser(user.UserName) : change(u));
            });
            return IamXml.Answer(c, null);
        });
    }

    private static Protocol.AwsServiceException NoSuchUserPolicy(string policyName) =>
        IamErrors.NoSuchEntity($"The user policy with name {policyName} cannot be found.");
}
