using System.Text.Json.Nodes;

namespace Piksel.Platform.Aws.Eks;

public sealed partial class EksClient
{
    /// <summary>Lets an IAM principal into a cluster (the cluster's authentication mode must be API or API_AND_CONFIG_MAP).</summary>
    public async Task<EksAccessEntry> CreateAccessEntryAsync(CreateAccessEntryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["principalArn"] = request.PrincipalArn };
        if (request.KubernetesGroups.Count > 0) body["kubernetesGroups"] = Strings(request.KubernetesGroups);
        if (request.Username is not null) body["username"] = request.Username;
        if (request.Type is not null) body["type"] = request.Type;
        if (request.Tags.Count > 0) body["tags"] = StringMap(request.Tags);
        return Entry(await SendAsync(HttpMethod.Post, PathOf("clusters", request.ClusterName, "access-entries"), body, cancellationToken: cancellationToken));
    }

    /// <summary>The access entry of <paramref name="principalArn"/>.</summary>
    public async Task<EksAccessEntry> DescribeAccessEntryAsync(string clusterName, string principalArn, CancellationToken cancellationToken = default) =>
        Entry(await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "access-entries", principalArn), cancellationToken: cancellationToken));

    /// <summary>Replaces the groups and/or user name of an entry (null leaves that part as it is).</summary>
    public async Task<EksAccessEntry> UpdateAccessEntryAsync(string clusterName, string principalArn, IReadOnlyList<string>? kubernetesGroups = null,
        string? username = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        if (kubernetesGroups is not null) body["kubernetesGroups"] = Strings(kubernetesGroups);
        if (username is not null) body["username"] = username;
        return Entry(await SendAsync(HttpMethod.Post, PathOf("clusters", clusterName, "access-entries", principalArn), body, cancellationToken: cancellationToken));
    }

    /// <summary>One page of the principals with an entry, optionally only those with <paramref name="associatedPolicyArn"/>.</summary>
    public async Task<EksPage> ListAccessEntriesAsync(string clusterName, string? associatedPolicyArn = null, int? maxResults = null, string? nextToken = null,
        CancellationToken cancellationToken = default)
    {
        var query = Paging(maxResults, nextToken).Append(KeyValuePair.Create("associatedPolicyArn", associatedPolicyArn));
        var json = await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "access-entries"), query: query, cancellationToken: cancellationToken);
        return new EksPage(List(json["accessEntries"]), Str(json["nextToken"]));
    }

    /// <summary>Removes an entry (and its policy associations).</summary>
    public Task DeleteAccessEntryAsync(string clusterName, string principalArn, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf("clusters", clusterName, "access-entries", principalArn), cancellationToken: cancellationToken);

    /// <summary>Associates an access policy (or changes the scope of one already associated).</summary>
    public async Task<EksAssociatedAccessPolicy> AssociateAccessPolicyAsync(string clusterName, string principalArn, string policyArn, EksAccessScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var body = new JsonObject
        {
            ["policyArn"] = policyArn,
            ["accessScope"] = new JsonObject { ["type"] = scope.Type, ["namespaces"] = Strings(scope.Namespaces) },
        };
        var json = await SendAsync(HttpMethod.Post, PathOf("clusters", clusterName, "access-entries", principalArn, "access-policies"), body, cancellationToken: cancellationToken);
        return Policy(json["associatedAccessPolicy"] as JsonObject ?? throw new InvalidOperationException("The EKS answer has no associatedAccessPolicy."));
    }

    /// <summary>The access policies associated with an entry.</summary>
    public async Task<IReadOnlyList<EksAssociatedAccessPolicy>> ListAssociatedAccessPoliciesAsync(string clusterName, string principalArn, CancellationToken cancellationToken = default)
    {
        var policies = new List<EksAssociatedAccessPolicy>();
        string? token = null;
        do
        {
            var json = await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "access-entries", principalArn, "access-policies"),
                query: Paging(null, token), cancellationToken: cancellationToken);
            policies.AddRange((json["associatedAccessPolicies"] as JsonArray ?? []).OfType<JsonObject>().Select(Policy));
            token = Str(json["nextToken"]);
        }
        while (token is not null);
        return policies;
    }

    /// <summary>Removes an access policy from an entry.</summary>
    public Task DisassociateAccessPolicyAsync(string clusterName, string principalArn, string policyArn, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf("clusters", clusterName, "access-entries", principalArn, "access-policies", policyArn), cancellationToken: cancellationToken);

    private static EksAccessEntry Entry(JsonObject answer)
    {
        var json = answer["accessEntry"] as JsonObject ?? throw new InvalidOperationException("The EKS answer has no accessEntry.");
        return new EksAccessEntry
        {
            ClusterName = Str(json["clusterName"])!,
            PrincipalArn = Str(json["principalArn"])!,
            AccessEntryArn = Str(json["accessEntryArn"])!,
            KubernetesGroups = List(json["kubernetesGroups"]),
            Username = Str(json["username"]) ?? "",
            Type = Str(json["type"]) ?? "STANDARD",
            CreatedAt = Time(json["createdAt"]) ?? default,
            ModifiedAt = Time(json["modifiedAt"]) ?? default,
            Tags = Map(json["tags"]),
        };
    }

    private static EksAssociatedAccessPolicy Policy(JsonObject json) => new(
        Str(json["policyArn"])!,
        new EksAccessScope(Str(json["accessScope"]?["type"]) ?? "cluster", List(json["accessScope"]?["namespaces"])),
        Time(json["associatedAt"]) ?? default,
        Time(json["modifiedAt"]) ?? default);
}
