using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Piksel.Platform.Aws.Http;
using static Piksel.Platform.Aws.Iam.IamAnswers;

namespace Piksel.Platform.Aws.Iam;

/// <summary>
/// A typed IAM client (awsQuery, 2010-05-08) signed with AWSSDK.Core. It speaks to real AWS (global endpoint
/// <c>iam.amazonaws.com</c>, signed for us-east-1) or to any endpoint in <see cref="AwsClientOptions.ServiceUrl"/>.
/// Errors surface as <see cref="AwsApiException"/> with IAM's codes (NoSuchEntity, EntityAlreadyExists…);
/// policy documents in answers are URL-decoded.
/// </summary>
public sealed class IamClient(AwsClientOptions options)
    : QueryApiClient(options, "iam", "2010-05-08", "iam.amazonaws.com")
{
    private Task<XElement> Call(string action, CancellationToken cancellationToken, params IEnumerable<KeyValuePair<string, string>>[] parameters) =>
        CallAsync(action, parameters.SelectMany(p => p), cancellationToken);

    /// <summary>Parameters whose value is not null.</summary>
    private static IEnumerable<KeyValuePair<string, string>> P(params (string Name, string? Value)[] values) =>
        values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Name, v.Value!));

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Flag(bool? value) => value is null ? null : value.Value ? "true" : "false";

    private static IEnumerable<KeyValuePair<string, string>> TagParameters(IEnumerable<IamTag> tags) =>
        tags.SelectMany((t, i) => new[]
        {
            KeyValuePair.Create($"Tags.member.{i + 1}.Key", t.Key),
            KeyValuePair.Create($"Tags.member.{i + 1}.Value", t.Value),
        });

    private static IEnumerable<KeyValuePair<string, string>> Paging(string? marker, int? maxItems) =>
        P(("Marker", marker), ("MaxItems", Number(maxItems)));

    /// <summary>Follows <c>Marker</c> from page to page until IAM says the list is complete.</summary>
    private static async IAsyncEnumerable<T> AllPages<T>(Func<string?, Task<IamPage<T>>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetch(marker);
            foreach (var item in page.Items) yield return item;
            marker = page.Marker;
        }
        while (marker is not null);
    }

    private static async Task<IReadOnlyList<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    // Roles, their inline policies, attached managed policies, boundary and tags.
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

    // Managed policies, their versions, tags and the entities they are attached to.
    public async Task<ManagedPolicy> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken cancellationToken = default)
    {
        var result = await Call("CreatePolicy", cancellationToken,
            P(("PolicyName", request.PolicyName), ("PolicyDocument", request.PolicyDocument), ("Path", request.Path), ("Description", request.Description)),
            TagParameters(request.Tags));
        return ReadPolicy(result.Element("Policy")!);
    }

    public async Task<ManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken = default) =>
        ReadPolicy((await Call("GetPolicy", cancellationToken, P(("PolicyArn", policyArn)))).Element("Policy")!);

    public async Task<IamPage<ManagedPolicy>> ListPoliciesPageAsync(ListPoliciesRequest request, CancellationToken cancellationToken = default) =>
        Page(await Call("ListPolicies", cancellationToken,
            P(("Scope", request.Scope), ("OnlyAttached", Flag(request.OnlyAttached)), ("PathPrefix", request.PathPrefix)),
            Paging(request.Marker, request.MaxItems)), "Policies", ReadPolicy);

    /// <summary>Every policy matching <paramref name="request"/> (its Marker is the starting point), following markers.</summary>
    public IAsyncEnumerable<ManagedPolicy> ListPoliciesAsync(ListPoliciesRequest? request = null, CancellationToken cancellationToken = default)
    {
        var filters = request ?? new ListPoliciesRequest();
        return AllPages(marker => ListPoliciesPageAsync(filters with { Marker = marker ?? filters.Marker }, cancellationToken), cancellationToken);
    }

    public Task DeletePolicyAsync(string policyArn, CancellationToken cancellationToken = default) =>
        Call("DeletePolicy", cancellationToken, P(("PolicyArn", policyArn)));

    public async Task<PolicyVersion> CreatePolicyVersionAsync(string policyArn, string policyDocument, bool setAsDefault = false, CancellationToken cancellationToken = default) =>
        ReadVersion((await Call("CreatePolicyVersion", cancellationToken,
            P(("PolicyArn", policyArn), ("PolicyDocument", policyDocument), ("SetAsDefault", Flag(setAsDefault))))).Element("PolicyVersion")!);

    /// <summary>A version with its document (URL-decoded JSON).</summary>
    public async Task<PolicyVersion> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default) =>
        ReadVersion((await Call("GetPolicyVersion", cancellationToken, P(("PolicyArn", policyArn), ("VersionId", versionId)))).Element("PolicyVersion")!);

    public Task<IReadOnlyList<PolicyVersion>> ListPolicyVersionsAsync(string policyArn, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListPolicyVersions", cancellationToken, P(("PolicyArn", policyArn)), Paging(marker, null)),
            "Versions", ReadVersion), cancellationToken));

    public Task DeletePolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default) =>
        Call("DeletePolicyVersion", cancellationToken, P(("PolicyArn", policyArn), ("VersionId", versionId)));

    public Task SetDefaultPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default) =>
        Call("SetDefaultPolicyVersion", cancellationToken, P(("PolicyArn", policyArn), ("VersionId", versionId)));

    public Task TagPolicyAsync(string policyArn, IEnumerable<IamTag> tags, CancellationToken cancellationToken = default) =>
        Call("TagPolicy", cancellationToken, P(("PolicyArn", policyArn)), TagParameters(tags));

    public Task UntagPolicyAsync(string policyArn, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
        Call("UntagPolicy", cancellationToken, P(("PolicyArn", policyArn)), Members("TagKeys", tagKeys));

    public Task<IReadOnlyList<IamTag>> ListPolicyTagsAsync(string policyArn, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListPolicyTags", cancellationToken, P(("PolicyArn", policyArn)), Paging(marker, null)),
            "Tags", t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")), cancellationToken));

    /// <summary>The roles, users and groups the policy is attached to; <paramref name="entityFilter"/> is Role, User or Group.</summary>
    public async Task<PolicyEntities> ListEntitiesForPolicyAsync(string policyArn, string? entityFilter = null, CancellationToken cancellationToken = default)
    {
        var roles = new List<(string, string)>();
        var users = new List<(string, string)>();
        var groups = new List<(string, string)>();
        string? marker = null;
        do
        {
            var result = await Call("ListEntitiesForPolicy", cancellationToken, P(("PolicyArn", policyArn), ("EntityFilter", entityFilter)), Paging(marker, null));
            roles.AddRange(MembersOf(result, "PolicyRoles").Select(m => (Required(m, "RoleName"), Required(m, "RoleId"))));
            users.AddRange(MembersOf(result, "PolicyUsers").Select(m => (Required(m, "UserName"), Required(m, "UserId"))));
            groups.AddRange(MembersOf(result, "PolicyGroups").Select(m => (Required(m, "GroupName"), Required(m, "GroupId"))));
            marker = Text(result, "IsTruncated") == "true" ? Text(result, "Marker") : null;
        }
        while (marker is not null);
        return new PolicyEntities(roles, users, groups);
    }

    // Users, their policies and tags, and access keys.
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

    // OpenID Connect providers (the issuers IRSA trusts).
    /// <summary>Registers the provider and answers its ARN.</summary>
    public async Task<string> CreateOpenIdConnectProviderAsync(CreateOpenIdConnectProviderRequest request, CancellationToken cancellationToken = default) =>
        Required(await Call("CreateOpenIDConnectProvider", cancellationToken,
            P(("Url", request.Url)), Members("ClientIDList", request.ClientIds), Members("ThumbprintList", request.Thumbprints),
            TagParameters(request.Tags)), "OpenIDConnectProviderArn");

    public async Task<OpenIdConnectProvider> GetOpenIdConnectProviderAsync(string providerArn, CancellationToken cancellationToken = default)
    {
        var result = await Call("GetOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)));
        return new OpenIdConnectProvider
        {
            Arn = providerArn,
            Url = Required(result, "Url"),
            ClientIds = Strings(result, "ClientIDList"),
            Thumbprints = Strings(result, "ThumbprintList"),
            CreateDate = Date(result, "CreateDate"),
            Tags = Tags(result),
        };
    }

    /// <summary>The ARNs of the account's OIDC providers.</summary>
    public async Task<IReadOnlyList<string>> ListOpenIdConnectProvidersAsync(CancellationToken cancellationToken = default) =>
        MembersOf(await Call("ListOpenIDConnectProviders", cancellationToken), "OpenIDConnectProviderList").Select(m => Required(m, "Arn")).ToList();

    public Task DeleteOpenIdConnectProviderAsync(string providerArn, CancellationToken cancellationToken = default) =>
        Call("DeleteOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)));

    public Task AddClientIdToOpenIdConnectProviderAsync(string providerArn, string clientId, CancellationToken cancellationToken = default) =>
        Call("AddClientIDToOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn), ("ClientID", clientId)));

    public Task RemoveClientIdFromOpenIdConnectProviderAsync(string providerArn, string clientId, CancellationToken cancellationToken = default) =>
        Call("RemoveClientIDFromOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn), ("ClientID", clientId)));

    /// <summary>Replaces the provider's thumbprint list.</summary>
    public Task UpdateOpenIdConnectProviderThumbprintAsync(string providerArn, IEnumerable<string> thumbprints, CancellationToken cancellationToken = default) =>
        Call("UpdateOpenIDConnectProviderThumbprint", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), Members("ThumbprintList", thumbprints));

    public Task TagOpenIdConnectProviderAsync(string providerArn, IEnumerable<IamTag> tags, CancellationToken cancellationToken = default) =>
        Call("TagOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), TagParameters(tags));

    public Task UntagOpenIdConnectProviderAsync(string providerArn, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
        Call("UntagOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), Members("TagKeys", tagKeys));

    public Task<IReadOnlyList<IamTag>> ListOpenIdConnectProviderTagsAsync(string providerArn, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListOpenIDConnectProviderTags", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), Paging(marker, null)),
            "Tags", t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")), cancellationToken));
}
