using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Eks;

/// <summary>
/// Typed EKS client (restJson1, SigV4 by AWSSDK.Core) for AWS and the embedded emulator alike: clusters and access
/// entries. Errors surface as <see cref="AwsApiException"/> with EKS's codes (<c>ResourceNotFoundException</c>,
/// <c>ResourceInUseException</c>, <c>InvalidParameterException</c>…).
/// </summary>
public sealed class EksClient(AwsClientOptions options) : RestJsonApiClient(options, "eks")
{
    /// <summary>
    /// How often the waiters poll at most. Default 2 s (EKS takes minutes; the emulator well under a second). The first
    /// polls come sooner (from <see cref="FirstPollDelay"/>, doubling up to this), so a fast control plane is not
    /// waited for a whole interval and a slow one costs only a few more calls.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The waiters' first delay, doubled after each poll up to <see cref="PollInterval"/>. Default 50 ms.</summary>
    public TimeSpan FirstPollDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Creates a cluster; it answers CREATING (see <see cref="WaitUntilActiveAsync"/>).</summary>
    public async Task<EksCluster> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var vpc = new JsonObject { ["subnetIds"] = Strings(request.SubnetIds), ["securityGroupIds"] = Strings(request.SecurityGroupIds) };
        if (request.EndpointPublicAccess is { } pub) vpc["endpointPublicAccess"] = pub;
        if (request.EndpointPrivateAccess is { } priv) vpc["endpointPrivateAccess"] = priv;
        if (request.PublicAccessCidrs is { } cidrs) vpc["publicAccessCidrs"] = Strings(cidrs);
        var body = new JsonObject { ["name"] = request.Name, ["roleArn"] = request.RoleArn, ["resourcesVpcConfig"] = vpc };
        if (request.Version is not null) body["version"] = request.Version;
        if (request.ServiceIpv4Cidr is not null) body["kubernetesNetworkConfig"] = new JsonObject { ["serviceIpv4Cidr"] = request.ServiceIpv4Cidr };
        if (request.AuthenticationMode is not null || request.BootstrapClusterCreatorAdminPermissions is not null)
        {
            var access = new JsonObject();
            if (request.AuthenticationMode is not null) access["authenticationMode"] = request.AuthenticationMode;
            if (request.BootstrapClusterCreatorAdminPermissions is { } bootstrap) access["bootstrapClusterCreatorAdminPermissions"] = bootstrap;
            body["accessConfig"] = access;
        }
        if (request.SecretsEncryptionKeyArn is not null)
            body["encryptionConfig"] = new JsonArray(new JsonObject { ["resources"] = Strings(["secrets"]), ["provider"] = new JsonObject { ["keyArn"] = request.SecretsEncryptionKeyArn } });
        if (request.EnabledLogTypes.Count > 0)
            body["logging"] = new JsonObject { ["clusterLogging"] = new JsonArray(new JsonObject { ["types"] = Strings(request.EnabledLogTypes), ["enabled"] = true }) };
        if (request.Tags.Count > 0) body["tags"] = StringMap(request.Tags);
        if (request.ClientRequestToken is not null) body["clientRequestToken"] = request.ClientRequestToken;
        return Cluster(await SendAsync(HttpMethod.Post, "/clusters", body, cancellationToken: cancellationToken));
    }

    /// <summary>The cluster named <paramref name="name"/>.</summary>
    public async Task<EksCluster> DescribeClusterAsync(string name, CancellationToken cancellationToken = default) =>
        Cluster(await SendAsync(HttpMethod.Get, PathOf("clusters", name), cancellationToken: cancellationToken));

    /// <summary>One page of the region's cluster names.</summary>
    public async Task<EksPage> ListClustersAsync(int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var json = await SendAsync(HttpMethod.Get, "/clusters", query: Paging(maxResults, nextToken), cancellationToken: cancellationToken);
        return new EksPage(List(json["clusters"]), Str(json["nextToken"]));
    }

    /// <summary>Every cluster name of the region, page after page.</summary>
    public async Task<IReadOnlyList<string>> ListAllClustersAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await ListClustersAsync(nextToken: token, cancellationToken: cancellationToken);
            names.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);
        return names;
    }

    /// <summary>Deletes a cluster; it answers DELETING (see <see cref="WaitUntilDeletedAsync"/>).</summary>
    public async Task<EksCluster> DeleteClusterAsync(string name, CancellationToken cancellationToken = default) =>
        Cluster(await SendAsync(HttpMethod.Delete, PathOf("clusters", name), cancellationToken: cancellationToken));

    /// <summary>Polls until the cluster is ACTIVE; throws when it turns FAILED or is gone.</summary>
    public async Task<EksCluster> WaitUntilActiveAsync(string name, CancellationToken cancellationToken = default)
    {
        for (var delay = FirstDelay(); ; delay = NextDelay(delay))
        {
            var cluster = await DescribeClusterAsync(name, cancellationToken);
            if (cluster.Status == "ACTIVE") return cluster;
            if (cluster.Status is "FAILED" or "DELETING")
                throw new InvalidOperationException($"EKS cluster {name} is {cluster.Status}; it will not become ACTIVE.");
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>Polls until DescribeCluster answers ResourceNotFoundException.</summary>
    public async Task WaitUntilDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        for (var delay = FirstDelay(); ; delay = NextDelay(delay))
        {
            try { await DescribeClusterAsync(name, cancellationToken); }
            catch (AwsApiException e) when (e.ErrorCode == "ResourceNotFoundException") { return; }
            await Task.Delay(delay, cancellationToken);
        }
    }

    private TimeSpan FirstDelay() => FirstPollDelay < PollInterval ? FirstPollDelay : PollInterval;

    private TimeSpan NextDelay(TimeSpan delay) => delay * 2 < PollInterval ? delay * 2 : PollInterval;

    /// <summary>Tags of a cluster or access entry, by ARN.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default) =>
        Map((await SendAsync(HttpMethod.Get, PathOf("tags", resourceArn), cancellationToken: cancellationToken))["tags"]);

    /// <summary>Adds or overwrites tags.</summary>
    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf("tags", resourceArn), new JsonObject { ["tags"] = StringMap(tags) }, cancellationToken: cancellationToken);

    /// <summary>Removes tags by key.</summary>
    public Task UntagResourceAsync(string resourceArn, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf("tags", resourceArn), query: tagKeys.Select(k => KeyValuePair.Create("tagKeys", (string?)k)), cancellationToken: cancellationToken);

    private static IEnumerable<KeyValuePair<string, string?>> Paging(int? maxResults, string? nextToken) =>
    [
        KeyValuePair.Create("maxResults", maxResults?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        KeyValuePair.Create("nextToken", nextToken),
    ];

    private static EksCluster Cluster(JsonObject answer)
    {
        var json = answer["cluster"] as JsonObject ?? throw new InvalidOperationException("The EKS answer has no cluster.");
        var vpc = json["resourcesVpcConfig"] as JsonObject;
        var access = json["accessConfig"] as JsonObject;
        return new EksCluster
        {
            Name = Str(json["name"])!,
            Arn = Str(json["arn"])!,
            CreatedAt = Time(json["createdAt"]) ?? default,
            Version = Str(json["version"]) ?? "",
            RoleArn = Str(json["roleArn"]) ?? "",
            Status = Str(json["status"]) ?? "",
            Endpoint = Str(json["endpoint"]) is { } endpoint ? new Uri(endpoint) : null,
            CertificateAuthorityData = Str(json["certificateAuthority"]?["data"]),
            OidcIssuer = Str(json["identity"]?["oidc"]?["issuer"]),
            PlatformVersion = Str(json["platformVersion"]),
            AuthenticationMode = Str(access?["authenticationMode"]),
            BootstrapClusterCreatorAdminPermissions = access?["bootstrapClusterCreatorAdminPermissions"]?.GetValue<bool>() ?? false,
            SubnetIds = List(vpc?["subnetIds"]),
            SecurityGroupIds = List(vpc?["securityGroupIds"]),
            ClusterSecurityGroupId = Str(vpc?["clusterSecurityGroupId"]),
            VpcId = Str(vpc?["vpcId"]),
            EndpointPublicAccess = vpc?["endpointPublicAccess"]?.GetValue<bool>() ?? false,
            EndpointPrivateAccess = vpc?["endpointPrivateAccess"]?.GetValue<bool>() ?? false,
            ServiceIpv4Cidr = Str(json["kubernetesNetworkConfig"]?["serviceIpv4Cidr"]),
            SecretsEncryptionKeyArn = Str((json["encryptionConfig"] as JsonArray)?.FirstOrDefault()?["provider"]?["keyArn"]),
            Tags = Map(json["tags"]),
        };
    }

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
