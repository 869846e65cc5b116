using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// Customer managed policies (CreatePolicy, DeletePolicy) and the reads that serve AWS managed ones too (GetPolicy,
/// ListPolicies, ListEntitiesForPolicy). Attachment counts are computed from the roles and users that hold the ARN,
/// so they are right by construction.
/// </summary>
internal sealed class ManagedPolicyOperations(IamEntities iam) : IOperationGroup
{
    /// <summary>Bytes (whitespace aside) a managed policy version may take.</summary>
    public const int PolicySizeQuota = 6144;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreatePolicy", "iam:CreatePolicy", CreatePolicy)
        .Add("GetPolicy", "iam:GetPolicy", GetPolicy)
        .Add("ListPolicies", "iam:ListPolicies", ListPolicies)
        .Add("DeletePolicy", "iam:DeletePolicy", DeletePolicy)
        .Add("ListEntitiesForPolicy", "iam:ListEntitiesForPolicy", ListEntitiesForPolicy);

    /// <summary>Throws LimitExceeded when <paramref name="document"/> is over the managed policy size quota.</summary>
    public static void CheckPolicySize(string document)
    {
        if (document.Count(ch => !char.IsWhiteSpace(ch)) > PolicySizeQuota)
            throw IamErrors.LimitExceeded($"Cannot exceed quota for PolicySize: {PolicySizeQuota}");
    }

    private OperationCall CreatePolicy(AwsRequestContext c)
    {
        var name = Name(c.Query, "PolicyName", 128);
        var path = EntityPath(c.Query);
        var document = Document(c.Query, PolicyUsage.ManagedPolicy);
        CheckPolicySize(document);
        var description = Description(c.Query);
        var tags = IamTags.Read(c.Query);
        var arn = IamArn(c, "policy", path, name);
        return OperationCall.On(arn, () =>
        {
            var now = iam.Now();
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
            iam.Write(() =>
            {
                // Policy names are unique in an account whatever their path, and case-insensitively.
                if (iam.Store.Policies.Values.Any(p => p.AccountId == c.AccountId && string.Equals(p.PolicyName, name, StringComparison.OrdinalIgnoreCase)))
                    throw IamErrors.AlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.");
                iam.Store.Policies.Put(arn, policy);
            });
            return IamXml.Answer(c, xml => WritePolicy(xml, c, PolicyView.Of(policy), full: true));
        });
    }

    private OperationCall GetPolicy(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        return OperationCall.On(arn, () =>
        {
            var policy = iam.FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);
            return IamXml.Answer(c, xml => WritePolicy(xml, c, policy, full: true));
        });
    }

    private OperationCall ListPolicies(AwsRequestContext c)
    {
        var scope = c.Query.Get("Scope") ?? "All";
        if (scope is not ("All" or "AWS" or "Local"))
            throw IamErrors.Constraint(scope, "scope", "Member must satisfy enum value set: [All, AWS, Local]");
        var onlyAttached = c.Query.GetBool("OnlyAttached") ?? false;
        var prefix = PathPrefix(c.Query);
        return OperationCall.On(Access.Any, () =>
        {
            var policies = new List<PolicyView>();
            if (scope is "All" or "AWS") policies.AddRange(AwsManagedPolicies.All.Values.Select(PolicyView.Of));
            if (scope is "All" or "Local") policies.AddRange(iam.Store.Policies.Values.Where(p => p.AccountId == c.AccountId).Select(PolicyView.Of));
            var matching = policies.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal) && (!onlyAttached || iam.AttachmentCount(c, p.Arn) > 0));
            var page = Paginate(matching, p => $"{p.Name.ToLowerInvariant()}\n{p.Arn}", c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteMembers(xml, "Policies", page.Items, (x, p) => WritePolicyFields(x, c, p, full: false));
                IamXml.WritePaging(xml, page);
            });
        });
    }

    private OperationCall DeletePolicy(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        return OperationCall.On(IamEntities.PolicyChange(arn), () =>
        {
            iam.Write(() =>
            {
                var policy = iam.OwnPolicy(c, arn);
                if (iam.AttachmentCount(c, arn) > 0 || iam.BoundaryUsageCount(c, arn) > 0)
                    throw IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
                if (policy.Versions.Count > 1)
                    throw IamErrors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
                iam.Store.Policies.Remove(arn);
            });
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall ListEntitiesForPolicy(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        var filter = c.Query.Get("EntityFilter");
        var usage = c.Query.Get("PolicyUsageFilter");
        var prefix = PathPrefix(c.Query);
        return OperationCall.On(arn, () =>
        {
            _ = iam.FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);

            bool Uses(IReadOnlyList<string> attached, string? boundary) =>
                (usage is null or "PermissionsPolicy" && attached.Contains(arn, StringComparer.Ordinal))
                || (usage is null or "PermissionsBoundary" && boundary == arn);

            var entities = new List<(string Kind, string Name, string Id)>();
            if (filter is null or "Role")
            {
                entities.AddRange(iam.Store.Roles.Values
                    .Where(r => r.AccountId == c.AccountId && r.Path.StartsWith(prefix, StringComparison.Ordinal) && Uses(r.AttachedPolicyArns, r.PermissionsBoundaryArn))
                    .Select(r => ("Role", r.RoleName, r.RoleId)));
            }

            if (filter is null or "User")
            {
                entities.AddRange(iam.Store.Users.Values
                    .Where(u => u.AccountId == c.AccountId && u.Path.StartsWith(prefix, StringComparison.Ordinal) && Uses(u.AttachedPolicyArns, u.PermissionsBoundaryArn))
                    .Select(u => ("User", u.UserName, u.UserId)));
            }

            var page = Paginate(entities, e => $"{e.Kind}\n{e.Name.ToLowerInvariant()}", c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteMembers(xml, "PolicyGroups", Array.Empty<int>(), (_, _) => { });
                IamXml.WriteMembers(xml, "PolicyUsers", page.Items.Where(e => e.Kind == "User"), (x, e) =>
                {
                    x.WriteElementString("UserName", e.Name);
                    x.WriteElementString("UserId", e.Id);
                });
                IamXml.WriteMembers(xml, "PolicyRoles", page.Items.Where(e => e.Kind == "Role"), (x, e) =>
                {
                    x.WriteElementString("RoleName", e.Name);
                    x.WriteElementString("RoleId", e.Id);
                });
                IamXml.WritePaging(xml, page);
            });
        });
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
        xml.WriteElementString("AttachmentCount", IamXml.Int(iam.AttachmentCount(c, policy.Arn)));
        xml.WriteElementString("PermissionsBoundaryUsageCount", IamXml.Int(iam.BoundaryUsageCount(c, policy.Arn)));
        xml.WriteElementString("IsAttachable", "true");
        if (full) xml.WriteOptional("Description", policy.Description);
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(policy.CreateDate));
        xml.WriteElementString("UpdateDate", QueryResponse.Timestamp(policy.UpdateDate));
        if (full && policy.Tags.Count > 0) IamXml.WriteTags(xml, policy.Tags);
    }
}
