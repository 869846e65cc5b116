using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Iam;

// CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole and
// the role's permissions boundary.
public sealed partial class IamService
{
    private void AddRoleOperations()
    {
        Add("CreateRole", CreateRole);
        Add("GetRole", GetRole);
        Add("ListRoles", ListRoles);
        Add("UpdateRole", UpdateRole);
        Add("UpdateRoleDescription", UpdateRole);
        Add("UpdateAssumeRolePolicy", UpdateAssumeRolePolicy);
        Add("DeleteRole", DeleteRole);
        Add("PutRolePermissionsBoundary", PutRolePermissionsBoundary);
        Add("DeleteRolePermissionsBoundary", DeleteRolePermissionsBoundary);
    }

    private Task CreateRole(AwsRequestContext c)
    {
        var name = Name(c.Query, "RoleName", 64);
        var path = EntityPath(c.Query);
        var trust = Document(c.Query, PolicyUsage.Trust, "AssumeRolePolicyDocument");
        var description = Description(c.Query);
        var maxSession = MaxSessionDuration(c);
        var boundary = c.Query.Get("PermissionsBoundary") is { } b ? BoundaryArn(b) : null;
        var tags = RequestTags(c.Query);
        var arn = IamArn(c, "role", path, name);
        c.Authorize("iam:CreateRole", arn);

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
            CreateDate = Now(c),
        };
        lock (gate)
        {
            if (!Iam.Roles.TryAdd(IamStore.Key(c.AccountId, name), role))
                throw IamErrors.AlreadyExists($"Role with name {name} already exists.");
        }
        return Answer(c, xml => WriteRole(xml, role, full: true));
    }

    private Task GetRole(AwsRequestContext c)
    {
        var (role, _) = AuthorizedRole(c, "iam:GetRole");
        return Answer(c, xml => WriteRole(xml, role, full: true));
    }

    private Task ListRoles(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        c.Authorize("iam:ListRoles", "*");
        var roles = Iam.Roles.Values.Where(r => r.AccountId == c.AccountId && r.Path.StartsWith(prefix, StringComparison.Ordinal));
        var page = Paginate(roles, r => r.RoleName.ToLowerInvariant(), c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "Roles", page.Items, (x, r) => WriteRoleFields(x, r, full: false));
            WritePaging(xml, page);
        });
    }

    // UpdateRole answers an empty result; UpdateRoleDescription answers the role.
    private Task UpdateRole(AwsRequestContext c)
    {
        var describeOnly = c.Query.Action == "UpdateRoleDescription";
        var description = describeOnly ? c.Query.Required("Description") : Description(c.Query);
        if (description is { Length: > 1000 }) throw IamErrors.Constraint(description, "description", "Member must have length less than or equal to 1000");
        var maxSession = describeOnly ? null : MaxSessionDuration(c);
        var (_, key) = AuthorizedRole(c, describeOnly ? "iam:UpdateRoleDescription" : "iam:UpdateRole");
        RoleRecord? updated;
        lock (gate)
        {
            updated = Iam.Roles.Update(key, r => r is null ? null : r with
            {
                Description = description ?? r.Description,
                MaxSessionDuration = maxSession ?? r.MaxSessionDuration,
            });
        }
        if (updated is null) throw IamErrors.NoSuchRole(c.Query.Required("RoleName"));
        return describeOnly ? Answer(c, xml => WriteRole(xml, updated, full: true)) : Answer(c, null);
    }

    private Task UpdateAssumeRolePolicy(AwsRequestContext c)
    {
        var document = Document(c.Query, PolicyUsage.Trust);
        var (_, key) = AuthorizedRole(c, "iam:UpdateAssumeRolePolicy");
        lock (gate)
        {
            if (Iam.Roles.Update(key, r => r is null ? null : r with { AssumeRolePolicyDocument = document }) is null)
                throw IamErrors.NoSuchRole(c.Query.Required("RoleName"));
        }
        return Answer(c, null);
    }

    private Task DeleteRole(AwsRequestContext c)
    {
        var (_, key) = AuthorizedRole(c, "iam:DeleteRole");
        lock (gate)
        {
            var role = Iam.Roles.Find(key) ?? throw IamErrors.NoSuchRole(c.Query.Required("RoleName"));
            if (role.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            if (role.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            Iam.Roles.Remove(key);
        }
        return Answer(c, null);
    }

    private Task PutRolePermissionsBoundary(AwsRequestContext c)
    {
        var boundary = BoundaryArn(c.Query.Required("PermissionsBoundary"));
        var (_, key) = AuthorizedRole(c, "iam:PutRolePermissionsBoundary");
        lock (gate)
        {
            Iam.Roles.Update(key, r => r is null ? throw IamErrors.NoSuchRole(c.Query.Required("RoleName")) : r with { PermissionsBoundaryArn = boundary });
        }
        return Answer(c, null);
    }

    private Task DeleteRolePermissionsBoundary(AwsRequestContext c)
    {
        var (role, key) = AuthorizedRole(c, "iam:DeleteRolePermissionsBoundary");
        if (role.PermissionsBoundaryArn is null) throw IamErrors.NoSuchEntity($"The role with name {role.RoleName} has no permissions boundary.");
        lock (gate)
        {
            Iam.Roles.Update(key, r => r is null ? throw IamErrors.NoSuchRole(role.RoleName) : r with { PermissionsBoundaryArn = null });
        }
        return Answer(c, null);
    }

    /// <summary>Authorizes <paramref name="action"/> on the <c>RoleName</c> role, then finds it (404 when missing).</summary>
    private (RoleRecord Role, string Key) AuthorizedRole(AwsRequestContext c, string action)
    {
        var name = Name(c.Query, "RoleName", 64);
        var role = Iam.FindRole(c.AccountId, name);
        // A missing role is authorized on its path-less ARN, so a caller without rights cannot probe for names.
        c.Authorize(action, role?.Arn ?? IamArn(c, "role", "/", name));
        return (role ?? throw IamErrors.NoSuchRole(name), IamStore.Key(c.AccountId, name));
    }

    private static int? MaxSessionDuration(AwsRequestContext c)
    {
        var value = c.Query.GetInt("MaxSessionDuration");
        if (value is < 3600) throw IamErrors.Constraint(Int(value.Value), "maxSessionDuration", "Member must have value greater than or equal to 3600");
        if (value is > 43200) throw IamErrors.Constraint(Int(value.Value), "maxSessionDuration", "Member must have value less than or equal to 43200");
        return value;
    }

    /// <summary>A permissions boundary must be an existing managed policy (AWS or this account's).</summary>
    private string BoundaryArn(string arn)
    {
        if (Arn.TryParse(arn) is not { Service: "iam" } parsed || !parsed.Resource.StartsWith("policy/", StringComparison.Ordinal))
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        return Iam.FindPolicyDocument(arn) is null ? throw IamErrors.NoSuchEntity($"Scope ARN: {arn} does not exist or is not attachable.") : arn;
    }
}
