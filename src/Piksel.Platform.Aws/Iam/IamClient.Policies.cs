namespace Piksel.Platform.Aws.Iam;

// Managed policies, their versions, tags and the entities they are attached to.
public sealed partial class IamClient
{
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
}
