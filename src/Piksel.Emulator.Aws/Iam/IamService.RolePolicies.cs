using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws.Iam;

// A role's inline policies (Put/Get/List/DeleteRolePolicy) and attached managed policies (Attach/Detach/ListAttached).
public sealed partial class IamService
{
    private const int InlinePolicyQuota = 10240;
    private const int AttachedPolicyQuota = 10;

    private void AddRolePolicyOperations()
    {
        Add("PutRolePolicy", PutRolePolicy);
        Add("GetRolePolicy", GetRolePolicy);
        Add("ListRolePolicies", ListRolePolicies);
        Add("DeleteRolePolicy", DeleteRolePolicy);
        Add("AttachRolePolicy", AttachRolePolicy);
        Add("DetachRolePolicy", DetachRolePolicy);
        Add("ListAttachedRolePolicies", ListAttachedRolePolicies);
    }

    private Task PutRolePolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var document = Document(c.Query, PolicyUsage.Identity);
        var (role, key) = AuthorizedRole(c, "iam:PutRolePolicy");
        lock (gate)
        {
            Iam.Roles.Update(key, r =>
            {
                if (r is null) throw IamErrors.NoSuchRole(role.RoleName);
                var policies = WithInline(r.InlinePolicies, policyName, document);
                if (InlineSize(policies) > InlinePolicyQuota)
                    throw IamErrors.LimitExceeded($"Maximum policy size of {InlinePolicyQuota} bytes exceeded for role {r.RoleName}");
                return r with { InlinePolicies = policies };
            });
        }
        return Answer(c, null);
    }

    private Task GetRolePolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var (role, _) = AuthorizedRole(c, "iam:GetRolePolicy");
        var document = role.InlinePolicies.GetValueOrDefault(policyName)
            ?? throw IamErrors.NoSuchEntity($"The role policy with name {policyName} cannot be found.");
        return Answer(c, xml =>
        {
            xml.WriteElementString("RoleName", role.RoleName);
            xml.WriteElementString("PolicyName", policyName);
            xml.WriteElementString("PolicyDocument", Encode(document));
        });
    }

    private Task ListRolePolicies(AwsRequestContext c)
    {
        var (role, _) = AuthorizedRole(c, "iam:ListRolePolicies");
        var page = Paginate(role.InlinePolicies.Keys, n => n, c.Query);
        return Answer(c, xml =>
        {
            WriteStrings(xml, "PolicyNames", page.Items);
            WritePaging(xml, page);
        });
    }

    private Task DeleteRolePolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var (role, key) = AuthorizedRole(c, "iam:DeleteRolePolicy");
        lock (gate)
        {
            Iam.Roles.Update(key, r =>
            {
                if (r is null) throw IamErrors.NoSuchRole(role.RoleName);
                if (!r.InlinePolicies.ContainsKey(policyName)) throw IamErrors.NoSuchEntity($"The role policy with name {policyName} cannot be found.");
                return r with { InlinePolicies = WithoutInline(r.InlinePolicies, policyName) };
            });
        }
        return Answer(c, null);
    }

    private Task AttachRolePolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArnParameter(c.Query);
        var (role, key) = AuthorizedRole(c, "iam:AttachRolePolicy");
        lock (gate)
        {
            RequireAttachable(c, policyArn);
            Iam.Roles.Update(key, r =>
            {
                if (r is null) throw IamErrors.NoSuchRole(role.RoleName);
                if (r.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)) return r;
                if (r.AttachedPolicyArns.Count >= AttachedPolicyQuota)
                    throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerRole: {AttachedPolicyQuota}");
                return r with { AttachedPolicyArns = [.. r.AttachedPolicyArns, policyArn] };
            });
        }
        return Answer(c, null);
    }

    private Task DetachRolePolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArnParameter(c.Query);
        var (role, key) = AuthorizedRole(c, "iam:DetachRolePolicy");
        lock (gate)
        {
            Iam.Roles.Update(key, r =>
            {
                if (r is null) throw IamErrors.NoSuchRole(role.RoleName);
                if (!r.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)) throw IamErrors.NoSuchEntity($"Policy {policyArn} was not found.");
                return r with { AttachedPolicyArns = r.AttachedPolicyArns.Where(a => a != policyArn).ToList() };
            });
        }
        return Answer(c, null);
    }

    private Task ListAttachedRolePolicies(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        var (role, _) = AuthorizedRole(c, "iam:ListAttachedRolePolicies");
        return ListAttached(c, role.AttachedPolicyArns, prefix);
    }

    /// <summary>Answers <c>AttachedPolicies</c> (PolicyName, PolicyArn) in attach order, filtered by the policies' path.</summary>
    private Task ListAttached(AwsRequestContext c, IReadOnlyList<string> arns, string pathPrefix)
    {
        var attached = arns.Select((arn, i) => (Arn: arn, Order: i, Parts: SplitPolicyArn(arn)))
            .Where(a => a.Parts.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
        var page = Paginate(attached, a => a.Order.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "AttachedPolicies", page.Items, (x, a) =>
            {
                x.WriteElementString("PolicyName", a.Parts.Name);
                x.WriteElementString("PolicyArn", a.Arn);
            });
            WritePaging(xml, page);
        });
    }

    /// <summary>Throws NoSuchEntity unless the ARN names an AWS managed policy or one of the caller's account.</summary>
    private void RequireAttachable(AwsRequestContext c, string policyArn)
    {
        if (AwsManagedPolicies.Find(policyArn) is not null) return;
        if (Iam.Policies.Find(policyArn) is { } policy && policy.AccountId == c.AccountId) return;
        throw IamErrors.NotAttachable(policyArn);
    }

    /// <summary>The path and name inside <c>arn:aws:iam::A:policy/path/name</c>.</summary>
    private static (string Path, string Name) SplitPolicyArn(string arn)
    {
        var resource = Arn.TryParse(arn)?.Resource ?? "policy/";
        var slash = resource.LastIndexOf('/');
        return (resource["policy".Length..(slash + 1)], resource[(slash + 1)..]);
    }

    private static Dictionary<string, string> WithInline(IReadOnlyDictionary<string, string> current, string name, string document) =>
        new(current, StringComparer.Ordinal) { [name] = document };

    private static Dictionary<string, string> WithoutInline(IReadOnlyDictionary<string, string> current, string name)
    {
        var next = new Dictionary<string, string>(current, StringComparer.Ordinal);
        next.Remove(name);
        return next;
    }

    // IAM counts an entity's inline policies together, ignoring whitespace.
    private static int InlineSize(IReadOnlyDictionary<string, string> policies) =>
        policies.Values.Sum(d => d.Count(ch => !char.IsWhiteSpace(ch)));
}
