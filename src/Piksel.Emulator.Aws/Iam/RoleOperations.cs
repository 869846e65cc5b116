using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>Roles: create, read, list, update (description, session length, trust policy), delete, and their permissions boundary.</summary>
internal sealed class RoleOperations(IamEntities iam) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateRole", "iam:CreateRole", CreateRole)
        .Add("GetRole", "iam:GetRole", GetRole)
        .Add("ListRoles", "iam:ListRoles", ListRoles)
        .Add("UpdateRole", "iam:UpdateRole", c => UpdateRole(c, describeOnly: false))
        .Add("UpdateRoleDescription", "iam:UpdateRoleDescription", c => UpdateRole(c, describeOnly: true))
        .Add("UpdateAssumeRolePolicy", "iam:UpdateAssumeRolePolicy", UpdateAssumeRolePolicy)
        .Add("DeleteRole", "iam:DeleteRole", DeleteRole)
        .Add("PutRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", PutRolePermissionsBoundary)
        .Add("DeleteRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", DeleteRolePermissionsBoundary);

    private OperationCall CreateRole(AwsRequestContext c)
    {
        var name = Name(c.Query, "RoleName", 64);
        var path = EntityPath(c.Query);
        var trust = Document(c.Query, PolicyUsage.Trust, "AssumeRolePolicyDocument");
        var description = Description(c.Query, role: true);
        var maxSession = MaxSessionDuration(c.Query);
        // The boundary must exist: NoSuchEntity for a missing one comes before AccessDenied, as in IAM.
        var boundary = c.Query.Get("PermissionsBoundary") is { } b ? iam.BoundaryArn(b) : null;
        var tags = IamTags.Read(c.Query);
        var arn = IamArn(c, "role", path, name);
        return OperationCall.On(arn, () =>
        {
            TrustPrincipals.RequireExisting(trust, iam.Store.Effective);
            var role = new RoleRecord
            {
                AccountId = c.AccountId,
                RoleName = name,
                RoleId = CredentialStore.NewId("AROA"),
                Path = path,
                Arn = arn,
                AssumeRolePolicyDocument = trust,
                Description = description,
                MaxSessionDuration = maxSession ?? 3600,
                PermissionsBoundaryArn = boundary,
                Tags = tags,
                CreateDate = iam.Now(),
            };
            iam.Write(() =>
            {
                if (!iam.Store.Roles.TryAdd(IamStore.Key(c.AccountId, name), role))
                    throw IamErrors.AlreadyExists($"Role with name {name} already exists.");
            });
            return IamXml.Answer(c, xml => IamXml.WriteRole(xml, role, full: true));
        });
    }

    private OperationCall GetRole(AwsRequestContext c)
    {
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            var role = target.Existing;
            return IamXml.Answer(c, xml => IamXml.WriteRole(xml, role, full: true));
        });
    }

    private OperationCall ListRoles(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        return OperationCall.On(Access.Any, () =>
        {
            var roles = iam.Store.Roles.Values.Where(r => r.AccountId == c.AccountId && r.Path.StartsWith(prefix, StringComparison.Ordinal));
            var page = Paginate(roles, r => r.RoleName.ToLowerInvariant(), c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteMembers(xml, "Roles", page.Items, (x, r) => IamXml.WriteRoleFields(x, r, full: false));
                IamXml.WritePaging(xml, page);
            });
        });
    }

    // UpdateRole answers an empty result; UpdateRoleDescription answers the role.
    private OperationCall UpdateRole(AwsRequestContext c, bool describeOnly)
    {
        var description = Description(c.Query, role: true) ?? (describeOnly ? c.Query.Required("Description") : null);
        if (description is { Length: > 1000 }) throw IamErrors.Constraint(description, "description", "Member must have length less than or equal to 1000");
        var maxSession = describeOnly ? null : MaxSessionDuration(c.Query);
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            _ = target.Existing;
            var updated = iam.Write(() => iam.Store.Roles.Update(target.Key, r => r is null ? null : r with
            {
                Description = description ?? r.Description,
                MaxSessionDuration = maxSession ?? r.MaxSessionDuration,
            }));
            if (updated is null) throw IamErrors.NoSuchRole(c.Query.Required("RoleName"));
            return describeOnly ? IamXml.Answer(c, xml => IamXml.WriteRole(xml, updated, full: true)) : IamXml.Answer(c, null);
        });
    }

    private OperationCall UpdateAssumeRolePolicy(AwsRequestContext c)
    {
        var document = Document(c.Query, PolicyUsage.Trust);
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            _ = target.Existing;
            TrustPrincipals.RequireExisting(document, iam.Store.Effective);
            iam.Write(() =>
            {
                if (iam.Store.Roles.Update(target.Key, r => r is null ? null : r with { AssumeRolePolicyDocument = document }) is null)
                    throw IamErrors.NoSuchRole(c.Query.Required("RoleName"));
            });
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall DeleteRole(AwsRequestContext c)
    {
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            _ = target.Existing;
            iam.Write(() =>
            {
                var role = iam.Store.Roles.Find(target.Key) ?? throw IamErrors.NoSuchRole(c.Query.Required("RoleName"));
                if (role.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
                if (role.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
                if (iam.Store.InstanceProfiles.Values.Any(p => p.AccountId == c.AccountId && p.RoleNames.Contains(role.RoleName, StringComparer.OrdinalIgnoreCase)))
                    throw IamErrors.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
                iam.Store.Roles.Remove(target.Key);
            });
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall PutRolePermissionsBoundary(AwsRequestContext c)
    {
        var boundary = iam.BoundaryArn(c.Query.Required("PermissionsBoundary"));
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            _ = target.Existing;
            iam.Write(() => iam.Store.Roles.Update(target.Key,
                r => r is null ? throw IamErrors.NoSuchRole(c.Query.Required("RoleName")) : r with { PermissionsBoundaryArn = boundary }));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall DeleteRolePermissionsBoundary(AwsRequestContext c)
    {
        var target = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            var role = target.Existing;
            if (role.PermissionsBoundaryArn is null) throw IamErrors.NoSuchEntity($"The role with name {role.RoleName} has no permissions boundary.");
            iam.Write(() => iam.Store.Roles.Update(target.Key,
                r => r is null ? throw IamErrors.NoSuchRole(role.RoleName) : r with { PermissionsBoundaryArn = null }));
            return IamXml.Answer(c, null);
        });
    }
}
