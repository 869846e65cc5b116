namespace Piksel.Platform.Aws.Iam;

// Users, their policies and tags, and access keys.
public sealed partial class IamClient
{
    public async Task<User> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        ReadUser((await Call("CreateUser", cancellationToken,
            P(("UserName", request.UserName), ("Path", request.Path), ("PermissionsBoundary", request.PermissionsBoundary)),
            TagParameters(request.Tags))).Element("User")!);

    /// <summary>The named user, or (null) the user whose credentials sign the request.</summary>
    public async Task<User> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default) =>
        ReadUser((await Call("GetUser", cancellationToken, P(("UserName", userName)))).Element("User")!);

    public async Task<IamPage<User>> ListUsersPageAsync(string? pathPrefix = null, string? marker = null, int? maxItems = null, CancellationToken cancellationToken = default) =>
        Page(await Call("ListUsers", cancellationToken, P(("PathPrefix", pathPrefix)), Paging(marker, maxItems)), "Users", ReadUser);

    public IAsyncEnumerable<User> ListUsersAsync(string? pathPrefix = null, CancellationToken cancellationToken = default) =>
        AllPages(marker => ListUsersPageAsync(pathPrefix, marker, null, cancellationToken), cancellationToken);

    public Task DeleteUserAsync(string userName, CancellationToken cancellationToken = default) =>
        Call("DeleteUser", cancellationToken, P(("UserName", userName)));

    public Task TagUserAsync(string userName, IEnumerable<IamTag> tags, CancellationToken cancellationToken = default) =>
        Call("TagUser", cancellationToken, P(("UserName", userName)), TagParameters(tags));

    public Task UntagUserAsync(string userName, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
        Call("UntagUser", cancellationToken, P(("UserName", userName)), Members("TagKeys", tagKeys));

    public Task<IReadOnlyList<IamTag>> ListUserTagsAsync(string userName, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListUserTags", cancellationToken, P(("UserName", userName)), Paging(marker, null)),
            "Tags", t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")), cancellationToken));

    public Task PutUserPolicyAsync(string userName, string policyName, string policyDocument, CancellationToken cancellationToken = default) =>
        Call("PutUserPolicy", cancellationToken, P(("UserName", userName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)));

    public async Task<string> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default) =>
        Decode(Required(await Call("GetUserPolicy", cancellationToken, P(("UserName", userName), ("PolicyName", policyName))), "PolicyDocument"));

    public Task<IReadOnlyList<string>> ListUserPoliciesAsync(string userName, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListUserPolicies", cancellationToken, P(("UserName", userName)), Paging(marker, null)),
            "PolicyNames", m => m.Value), cancellationToken));

    public Task DeleteUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default) =>
        Call("DeleteUserPolicy", cancellationToken, P(("UserName", userName), ("PolicyName", policyName)));

    public Task AttachUserPolicyAsync(string userName, string policyArn, CancellationToken cancellationToken = default) =>
        Call("AttachUserPolicy", cancellationToken, P(("UserName", userName), ("PolicyArn", policyArn)));

    public Task DetachUserPolicyAsync(string userName, string policyArn, CancellationToken cancellationToken = default) =>
        Call("DetachUserPolicy", cancellationToken, P(("UserName", userName), ("PolicyArn", policyArn)));

    public Task<IReadOnlyList<AttachedPolicy>> ListAttachedUserPoliciesAsync(string userName, string? pathPrefix = null, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListAttachedUserPolicies", cancellationToken,
            P(("UserName", userName), ("PathPrefix", pathPrefix)), Paging(marker, null)), "AttachedPolicies", ReadAttached), cancellationToken));

    /// <summary>A new key for the user (null: the calling user). The secret is in the answer only.</summary>
    public async Task<AccessKey> CreateAccessKeyAsync(string? userName = null, CancellationToken cancellationToken = default)
    {
        var key = (await Call("CreateAccessKey", cancellationToken, P(("UserName", userName)))).Element("AccessKey")!;
        return new AccessKey(Required(key, "UserName"), Required(key, "AccessKeyId"), Required(key, "SecretAccessKey"), Required(key, "Status"), Date(key, "CreateDate"));
    }

    public Task<IReadOnlyList<AccessKeyMetadata>> ListAccessKeysAsync(string? userName = null, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListAccessKeys", cancellationToken, P(("UserName", userName)), Paging(marker, null)),
            "AccessKeyMetadata", k => new AccessKeyMetadata(Required(k, "UserName"), Required(k, "AccessKeyId"), Required(k, "Status"), Date(k, "CreateDate"))),
            cancellationToken));

    /// <summary>Sets a key <c>Active</c> or <c>Inactive</c>.</summary>
    public Task UpdateAccessKeyAsync(string accessKeyId, string status, string? userName = null, CancellationToken cancellationToken = default) =>
        Call("UpdateAccessKey", cancellationToken, P(("AccessKeyId", accessKeyId), ("Status", status), ("UserName", userName)));

    public Task DeleteAccessKeyAsync(string accessKeyId, string? userName = null, CancellationToken cancellationToken = default) =>
        Call("DeleteAccessKey", cancellationToken, P(("AccessKeyId", accessKeyId), ("UserName", userName)));
}
