namespace Piksel.Platform.Aws.Iam;

// Roles, their inline policies, attached managed policies, boundary and tags.
public sealed partial class IamClient
{
    public async Task<Role> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken = default)
    {
        var result = await Call("CreateRole", cancellationToken,
            P(("RoleName", request.RoleName), ("AssumeRolePolicyDocument", request.AssumeRolePolicyDocument), ("Path", request.Path),
              ("Description", request.Description), ("MaxSessionDuration", Number(request.MaxSessionDuration)),
              ("PermissionsBoundary", request.PermissionsBoundary)),
            TagParameters(request.Tags));
        return ReadRole(result.Element("Role")!);
    }

    public async Task<Role> GetRoleAsync(string roleName, CancellationToken cancellationToken = default) =>
        ReadRole((await Call("GetRole", cancellationToken, P(("RoleName", roleName)))).Element("Role")!);

    /// <summary>One page of ListRoles.</summary>
    public async Task<IamPage<Role>> ListRolesPageAsync(string? pathPrefix = null, string? marker = null, int? maxItems = null, CancellationToken cancellationToken = default) =>
        Page(await Call("ListRoles", cancellationToken, P(("PathPrefix", pathPrefix)), Paging(marker, maxItems)), "Roles", ReadRole);

    /// <summary>Every role under <paramref name="pathPrefix"/>, following markers.</summary>
    public IAsyncEnumerable<Role> ListRolesAsync(string? pathPrefix = null, CancellationToken cancellationToken = default) =>
        AllPages(marker => ListRolesPageAsync(pathPrefix, marker, null, cancellationToken), cancellationToken);

    /// <summary>Changes the description and/or maximum session duration (null leaves a field as it is).</summary>
    public Task UpdateRoleAsync(string roleName, string? description = null, int? maxSessionDuration = null, CancellationToken cancellationToken = default) =>
        Call("UpdateRole", cancellationToken, P(("RoleName", roleName), ("Description", description), ("MaxSessionDuration", Number(maxSessionDuration))));

    public Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken = default) =>
        Call("UpdateAssumeRolePolicy", cancellationToken, P(("RoleName", roleName), ("PolicyDocument", policyDocument)));

    public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken = default) =>
        Call("DeleteRole", cancellationToken, P(("RoleName", roleName)));

    public Task PutRolePermissionsBoundaryAsync(string roleName, string policyArn, CancellationToken cancellationToken = default) =>
        Call("PutRolePermissionsBoundary", cancellationToken, P(("RoleName", roleName), ("PermissionsBoundary", policyArn)));

    public Task DeleteRolePermissionsBoundaryAsync(string roleName, CancellationToken cancellationToken = default) =>
        Call("DeleteRolePermissionsBoundary", cancellationToken, P(("RoleName", roleName)));

    public Task TagRoleAsync(string roleName, IEnumerable<IamTag> tags, CancellationToken cancellationToken = default) =>
        Call("TagRole", cancellationToken, P(("RoleName", roleName)), TagParameters(tags));

    public Task UntagRoleAsync(string roleName, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
        Call("UntagRole", cancellationToken, P(("RoleName", roleName)), Members("TagKeys", tagKeys));

    public Task<IReadOnlyList<IamTag>> ListRoleTagsAsync(string roleName, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListRoleTags", cancellationToken, P(("RoleName", roleName)), Paging(marker, null)),
            "Tags", t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")), cancellationToken));

    public Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken = default) =>
        Call("PutRolePolicy", cancellationToken, P(("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)));

    /// <summary>The inline policy's document (URL-decoded JSON).</summary>
    public async Task<string> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default) =>
        Decode(Required(await Call("GetRolePolicy", cancellationToken, P(("RoleName", roleName), ("PolicyName", policyName))), "PolicyDocument"));

    public Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListRolePolicies", cancellationToken, P(("RoleName", roleName)), Paging(marker, null)),
            "PolicyNames", m => m.Value), cancellationToken));

    public Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default) =>
        Call("DeleteRolePolicy", cancellationToken, P(("RoleName", roleName), ("PolicyName", policyName)));

    public Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken = default) =>
        Call("AttachRolePolicy", cancellationToken, P(("RoleName", roleName), ("PolicyArn", policyArn)));

    public Task DetachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken = default) =>
        Call("DetachRolePolicy", cancellationToken, P(("RoleName", roleName), ("PolicyArn", policyArn)));

    public Task<IReadOnlyList<AttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, string? pathPrefix = null, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListAttachedRolePolicies", cancellationToken,
            P(("RoleName", roleName), ("PathPrefix", pathPrefix)), Paging(marker, null)), "AttachedPolicies", ReadAttached), cancellationToken));
}
