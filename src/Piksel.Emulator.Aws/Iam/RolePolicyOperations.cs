using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>A role's inline policies (Put/Get/List/DeleteRolePolicy) and attached managed policies (Attach/Detach/ListAttached).</summary>
internal sealed class RolePolicyOperations(IamEntities iam) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutRolePolicy", "iam:PutRolePolicy", PutRolePolicy)
        .Add("GetRolePolicy", "iam:GetRolePolicy", GetRolePolicy)
        .Add("ListRolePolicies", "iam:ListRolePolicies", ListRolePolicies)
        .Add("DeleteRolePolicy", "iam:DeleteRolePolicy", DeleteRolePolicy)
        .Add("AttachRolePolicy", "iam:AttachRolePolicy", AttachRolePolicy)
        .Add("DetachRolePolicy", "iam:DetachRolePolicy", DetachRolePolicy)
        .Add("ListAttachedRolePolicies", "iam:ListAttachedRolePolicies", ListAttachedRolePolicies);

    private OperationCall PutRolePolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var document = Document(c.Query, PolicyUsage.Identity);
        return Change(c, r =>
        {
            var policies = InlinePolicies.With(r.InlinePolicies, policyName, document);
            if (InlinePolicies.Size(policies) > InlinePolicies.RoleQuota)
                throw IamErrors.LimitExceeded($"Maximum policy size of {InlinePolicies.RoleQuota} bytes exceeded for role {r.RoleName}");
            return r with { InlinePolicies = policies };
        });
    }

    private OperationCall GetRolePolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            var role = target.Existing;
            var document = role.InlinePolicies.GetValueOrDefault(policyName) ?? throw NoSuchRolePolicy(policyName);
            return IamXml.Answer(c, xml => IamXml.WriteInlinePolicy(xml, "RoleName", role.RoleName, policyName, document));
        });
    }

    private OperationCall ListRolePolicies(AwsRequestContext c)
    {
        var target = iam.Role(c);
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

    private OperationCall DeleteRolePolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        return Change(c, r => r.InlinePolicies.ContainsKey(policyName)
            ? r with { InlinePolicies = InlinePolicies.Without(r.InlinePolicies, policyName) }
            : throw NoSuchRolePolicy(policyName));
    }

    private OperationCall AttachRolePolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArn(c.Query);
        return Change(c, r =>
        {
            if (r.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)) return r;
            if (r.AttachedPolicyArns.Count >= AttachedPolicies.Quota)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerRole: {AttachedPolicies.Quota}");
            return r with { AttachedPolicyArns = [.. r.AttachedPolicyArns, policyArn] };
        }, before: () => iam.RequireAttachable(c, policyArn));
    }

    private OperationCall DetachRolePolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArn(c.Query);
        return Change(c, r => r.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)
            ? r with { AttachedPolicyArns = r.AttachedPolicyArns.Where(a => a != policyArn).ToList() }
            : throw IamErrors.NoSuchEntity($"Policy {policyArn} was not found."));
    }

    private OperationCall ListAttachedRolePolicies(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () => AttachedPolicies.Answer(c, target.Existing.AttachedPolicyArns, prefix));
    }

    /// <summary>
    /// Authorizes the operation on the <c>RoleName</c> role, then changes it under the write gate: <paramref name="before"/>
    /// first (a check on another table), then <paramref name="change"/> on the current row; the answer is empty.
    /// </summary>
    private OperationCall Change(AwsRequestContext c, Func<RoleRecord, RoleRecord> change, Action? before = null)
    {
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            var role = target.Existing;
            iam.Write(() =>
            {
                before?.Invoke();
                iam.Store.Roles.Update(target.Key, r => r is null ? throw IamErrors.NoSuchRole(role.RoleName) : change(r));
            });
            return IamXml.Answer(c, null);
        });
    }

    private static Protocol.AwsServiceException NoSuchRolePolicy(string policyName) =>
        IamErrors.NoSuchEntity($"The role policy with name {policyName} cannot be found.");
}
