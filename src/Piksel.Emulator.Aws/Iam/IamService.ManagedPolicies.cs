using Piksel.Emulator.Aws.Policy;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// Customer managed policies (CreatePolicy, DeletePolicy) and the reads that serve AWS managed ones too
// (GetPolicy, ListPolicies, ListEntitiesForPolicy). Attachment counts are computed from the roles and users
// that hold the ARN, so they are right by construction.
public sealed partial class IamService
{
    private const int PolicySizeQuota = 6144;

    private void AddManagedPolicyOperations()
    {
        Add("CreatePolicy", CreatePolicy);
        Add("GetPolicy", GetPolicy);
        Add("ListPolicies", ListPolicies);
        Add("DeletePolicy", DeletePolicy);
        Add("ListEntitiesForPolicy", ListEntitiesForPolicy);
    }

    /// <summary>An AWS or customer managed policy as the API shows it.</summary>
    private sealed record PolicyView(string Arn, string Name, string Path, string PolicyId, string DefaultVersionId, string? Description,
        DateTimeOffset CreateDate, DateTimeOffset UpdateDate, IReadOnlyList<Tag> Tags, IReadOnlyList<PolicyVersionRecord> Versions, bool AwsManaged);

    private static PolicyView View(ManagedPolicyRecord p) =>
        new(p.Arn, p.PolicyName, p.Path, p.PolicyId, p.DefaultVersionId, p.Description, p.CreateDate, p.UpdateDate, p.Tags, p.Versions, false);

    private static PolicyView View(AwsManagedPolicy p) =>
        new(p.Arn, p.Name, p.Path, p.PolicyId, p.VersionId, p.Description, p.CreateDate, p.UpdateDate, [],
            [new PolicyVersionRecord(p.VersionId, p.Document, true, p.UpdateDate)], true);

    /// <summary>The AWS managed policy or this account's customer managed policy with that ARN, or null.</summary>
    private PolicyView? FindPolicy(AwsRequestContext c, string arn) =>
        AwsManagedPolicies.Find(arn) is { } aws ? View(aws)
        : Iam.Policies.Find(arn) is { } own && own.AccountId == c.AccountId ? View(own)
        : null;

    private Task CreatePolicy(AwsRequestContext c)
    {
        var name = Name(c.Query, "PolicyName", 128);
        var path = EntityPath(c.Query);
        var document = Document(c.Query, PolicyUsage.ManagedPolicy);
        CheckPolicySize(document);
        var description = Description(c.Query);
        var tags = RequestTags(c.Query);
        var arn = IamArn(c, "policy", path, name);
        c.Authorize("iam:CreatePolicy", arn);

        var now = Now(c);
        var policy = new ManagedPolicyRecord
        {
            AccountId = c.AccountId,
            PolicyName = name,
            PolicyId = CredentialStore.NewId("ANPA"),
            Path = path,
            Arn = arn,
            Description = description,
            DefaultVersionId = "v1",
            Versions = [new PolicyVersionRecord("v1", document, true, now)],
            Tags = tags,
            CreateDate = now,
            UpdateDate = now,
        };
        lock (gate)
        {
            // Policy names are unique in an account whatever their path, and case-insensitively.
            if (Iam.Policies.Values.Any(p => p.AccountId == c.AccountId && string.Equals(p.PolicyName, name, StringComparison.OrdinalIgnoreCase)))
                throw IamErrors.AlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.");
            Iam.Policies.Put(arn, policy);
        }
        return Answer(c, xml => WritePolicy(xml, c, View(policy), full: true));
    }

    private Task GetPolicy(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        c.Authorize("iam:GetPolicy", arn);
        var policy = FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);
        return Answer(c, xml => WritePolicy(xml, c, policy, full: true));
    }

    private Task ListPolicies(AwsRequestContext c)
    {
        var scope = c.Query.Get("Scope") ?? "All";
        if (scope is not ("All" or "AWS" or "Local"))
            throw IamErrors.Constraint(scope, "scope", "Member must satisfy enum value set: [All, AWS, Local]");
        var onlyAttached = c.Query.GetBool("OnlyAttached") ?? false;
        var prefix = PathPrefix(c.Query);
        c.Authorize("iam:ListPolicies", "*");

        var policies = new List<PolicyView>();
        if (scope is "All" or "AWS") policies.AddRange(AwsManagedPolicies.All.Values.Select(View));
        if (scope is "All" or "Local") policies.AddRange(Iam.Policies.Values.Where(p => p.AccountId == c.AccountId).Select(View));
        var matching = policies.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal) && (!onlyAttached || AttachmentCount(c, p.Arn) > 0));
        var page = Paginate(matching, p => $"{p.Name.ToLowerInvariant()}\n{p.Arn}", c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "Policies", page.Items, (x, p) => WritePolicyFields(x, c, p, full: false));
            WritePaging(xml, page);
        });
    }

    private Task DeletePolicy(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        AuthorizePolicyChange(c, "iam:DeletePolicy", arn);
        lock (gate)
        {
            var policy = FindOwnPolicy(c, arn);
            if (AttachmentCount(c, arn) > 0 || BoundaryUsageCount(c, arn) > 0)
                throw IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
            if (policy.Versions.Count > 1)
                throw IamErrors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
            Iam.Policies.Remove(arn);
        }
        return Answer(c, null);
    }

    private Task ListEntitiesForPolicy(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        var filter = c.Query.Get("EntityFilter");
        var usage = c.Query.Get("PolicyUsageFilter");
        var prefix = PathPrefix(c.Query);
        c.Authorize("iam:ListEntitiesForPolicy", arn);
        _ = FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);

        bool Uses(IReadOnlyList<string> attached, string? boundary) =>
            (usage is null or "PermissionsPolicy" && attached.Contains(arn, StringComparer.Ordinal))
            || (usage is null or "PermissionsBoundary" && boundary == arn);

        var entities = new List<(string Kind, string Name, string Id)>();
        if (filter is null or "Role")
            entities.AddRange(Iam.Roles.Values.Where(r => r.AccountId == c.AccountId && r.Path.StartsWith(prefix, StringComparison.Ordinal) && Uses(r.AttachedPolicyArns, r.PermissionsBoundaryArn))
                .Select(r => ("Role", r.RoleName, r.RoleId)));
        if (filter is null or "User")
            entities.AddRange(Iam.Users.Values.Where(u => u.AccountId == c.AccountId && u.Path.StartsWith(prefix, StringComparison.Ordinal) && Uses(u.AttachedPolicyArns, u.PermissionsBoundaryArn))
                .Select(u => ("User", u.UserName, u.UserId)));
        var page = Paginate(entities, e => $"{e.Kind}\n{e.Name.ToLowerInvariant()}", c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "PolicyGroups", Array.Empty<int>(), (_, _) => { });
            WriteMembers(xml, "PolicyUsers", page.Items.Where(e => e.Kind == "User"), (x, e) =>
            {
                x.WriteElementString("UserName", e.Name);
                x.WriteElementString("UserId", e.Id);
            });
            WriteMembers(xml, "PolicyRoles", page.Items.Where(e => e.Kind == "Role"), (x, e) =>
            {
                x.WriteElementString("RoleName", e.Name);
                x.WriteElementString("RoleId", e.Id);
            });
            WritePaging(xml, page);
        });
    }

    /// <summary>How many of the caller's roles and users have the policy attached.</summary>
    private int AttachmentCount(AwsRequestContext c, string arn) =>
        Iam.Roles.Values.Count(r => r.AccountId == c.AccountId && r.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal))
        + Iam.Users.Values.Count(u => u.AccountId == c.AccountId && u.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal));

    private int BoundaryUsageCount(AwsRequestContext c, string arn) =>
        Iam.Roles.Values.Count(r => r.AccountId == c.AccountId && r.PermissionsBoundaryArn == arn)
        + Iam.Users.Values.Count(u => u.AccountId == c.AccountId && u.PermissionsBoundaryArn == arn);

    /// <summary>Authorizes a change to a policy; AWS managed policies belong to AWS, so only AWS may change them.</summary>
    private static void AuthorizePolicyChange(AwsRequestContext c, string action, string arn) =>
        c.Authorize(action, arn, resourceAccount: AwsManagedPolicies.Find(arn) is null ? null : "aws");

    private ManagedPolicyRecord FindOwnPolicy(AwsRequestContext c, string arn) =>
        Iam.Policies.Find(arn) is { } p && p.AccountId == c.AccountId ? p : throw IamErrors.NoSuchPolicy(arn);

    private static void CheckPolicySize(string document)
    {
        if (document.Count(ch => !char.IsWhiteSpace(ch)) > PolicySizeQuota)
            throw IamErrors.LimitExceeded($"Cannot exceed quota for PolicySize: {PolicySizeQuota}");
    }

    private void WritePolicy(XmlWriter xml, AwsRequestContext c, PolicyView policy, bool full)
    {
        xml.WriteStartElement("Policy");
        WritePolicyFields(xml, c, policy, full);
        xml.WriteEndElement();
    }

    /// <summary>A Policy; <paramref name="full"/> adds Description and Tags, which ListPolicies leaves out.</summary>
    private void WritePolicyFields(XmlWriter xml, AwsRequestContext c, PolicyView policy, bool full)
    {
        xml.WriteElementString("PolicyName", policy.Name);
        xml.WriteElementString("PolicyId", policy.PolicyId);
        xml.WriteElementString("Arn", policy.Arn);
        xml.WriteElementString("Path", policy.Path);
        xml.WriteElementString("DefaultVersionId", policy.DefaultVersionId);
        xml.WriteElementString("AttachmentCount", Int(AttachmentCount(c, policy.Arn)));
        xml.WriteElementString("PermissionsBoundaryUsageCount", Int(BoundaryUsageCount(c, policy.Arn)));
        xml.WriteElementString("IsAttachable", "true");
        if (full) xml.WriteOptional("Description", policy.Description);
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(policy.CreateDate));
        xml.WriteElementString("UpdateDate", QueryResponse.Timestamp(policy.UpdateDate));
        if (full && policy.Tags.Count > 0) WriteTags(xml, policy.Tags);
    }
}
