using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Eks;

/// <summary>
/// EKS add-ons (restJson1): Create/Describe/List/Update/Delete and the waiters a handler needs. Errors surface as
/// <see cref="AwsApiException"/> with EKS's codes (<c>ResourceNotFoundException</c>, <c>ResourceInUseException</c>,
/// <c>InvalidParameterException</c>).
/// </summary>
public sealed class EksAddonClient(AwsClientOptions options) : RestJsonApiClient(options, "eks")
{
    /// <summary>How often the waiters poll at most (the first polls come sooner, 50 ms doubling). Default 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Installs an add-on; it answers CREATING.</summary>
    public async Task<EksAddon> CreateAddonAsync(string clusterName, EksAddonRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = Body(request);
        body["addonName"] = request.AddonName;
        if (request.Tags.Count > 0) body["tags"] = StringMap(request.Tags);
        return Addon(await SendAsync(HttpMethod.Post, PathOf("clusters", clusterName, "addons"), body, cancellationToken: cancellationToken));
    }

    /// <summary>The add-on <paramref name="addonName"/> of the cluster.</summary>
    public async Task<EksAddon> DescribeAddonAsync(string clusterName, string addonName, CancellationToken cancellationToken = default) =>
        Addon(await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "addons", addonName), cancellationToken: cancellationToken));

    /// <summary>Every add-on name of the cluster, page after page.</summary>
    public async Task<IReadOnlyList<string>> ListAllAddonsAsync(string clusterName, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var json = await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "addons"),
                query: [KeyValuePair.Create("nextToken", token)], cancellationToken: cancellationToken);
            names.AddRange(List(json["addons"]));
            token = Str(json["nextToken"]);
        }
        while (token is not null);
        return names;
    }

    /// <summary>Changes an add-on's version, role or configuration; it turns UPDATING.</summary>
    public Task UpdateAddonAsync(string clusterName, EksAddonRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, PathOf("clusters", clusterName, "addons", request.AddonName, "update"), Body(request), cancellationToken: cancellationToken);
    }

    /// <summary>Removes an add-on and its Kubernetes objects; it answers DELETING.</summary>
    public Task DeleteAddonAsync(string clusterName, string addonName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf("clusters", clusterName, "addons", addonName), cancellationToken: cancellationToken);

    /// <summary>Polls until the add-on is ACTIVE (DEGRADED counts: it is installed, its pods not all ready yet); throws when it failed or is going away.</summary>
    public async Task<EksAddon> WaitUntilActiveAsync(string clusterName, string addonName, CancellationToken cancellationToken = default)
    {
        for (var delay = TimeSpan.FromMilliseconds(50); ; delay = Next(delay))
        {
            var addon = await DescribeAddonAsync(clusterName, addonName, cancellationToken);
            if (addon.Status is "ACTIVE" or "DEGRADED") return addon;
            if (addon.Status is "CREATE_FAILED" or "UPDATE_FAILED" or "DELETING" or "DELETE_FAILED")
                throw new InvalidOperationException($"EKS add-on {addonName} of {clusterName} is {addon.Status}: {string.Join("; ", addon.Issues)}");
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>Polls until DescribeAddon answers ResourceNotFoundException.</summary>
    public async Task WaitUntilDeletedAsync(string clusterName, string addonName, CancellationToken cancellationToken = default)
    {
        for (var delay = TimeSpan.FromMilliseconds(50); ; delay = Next(delay))
        {
            try { await DescribeAddonAsync(clusterName, addonName, cancellationToken); }
            catch (AwsApiException e) when (e.ErrorCode == "ResourceNotFoundException") { return; }
            await Task.Delay(delay, cancellationToken);
        }
    }

    private TimeSpan Next(TimeSpan delay) => delay * 2 < PollInterval ? delay * 2 : PollInterval;

    private static JsonObject Body(EksAddonRequest request)
    {
        var body = new JsonObject();
        if (request.AddonVersion is not null) body["addonVersion"] = request.AddonVersion;
        if (request.ServiceAccountRoleArn is not null) body["serviceAccountRoleArn"] = request.ServiceAccountRoleArn;
        if (request.ResolveConflicts is not null) body["resolveConflicts"] = request.ResolveConflicts;
        if (request.ConfigurationValues is not null) body["configurationValues"] = request.ConfigurationValues;
        return body;
    }

    private static EksAddon Addon(JsonObject answer)
    {
        var json = answer["addon"] as JsonObject ?? throw new InvalidOperationException("The EKS answer has no addon.");
        return new EksAddon
        {
            AddonName = Str(json["addonName"])!,
            ClusterName = Str(json["clusterName"]) ?? "",
            Arn = Str(json["addonArn"]) ?? "",
            Status = Str(json["status"]) ?? "",
            AddonVersion = Str(json["addonVersion"]),
            ServiceAccountRoleArn = Str(json["serviceAccountRoleArn"]),
            ConfigurationValues = Str(json["configurationValues"]),
            Issues = json["health"]?["issues"] is JsonArray issues ? [.. issues.Select(i => $"{Str(i?["code"])}: {Str(i?["message"])}")] : [],
            Tags = Map(json["tags"]),
        };
    }
}
