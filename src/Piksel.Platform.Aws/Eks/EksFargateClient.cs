using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Eks;

/// <summary>
/// EKS Fargate profiles (restJson1): Create/Describe/List/Delete and their waiters (EKS changes nothing of a profile
/// but its tags). Errors surface as <see cref="AwsApiException"/> with EKS's codes.
/// </summary>
public sealed class EksFargateClient(AwsClientOptions options) : RestJsonApiClient(options, "eks")
{
    /// <summary>How often the waiters poll at most (the first polls come sooner, 50 ms doubling). Default 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Creates a profile; it answers CREATING.</summary>
    public async Task<EksFargateProfile> CreateFargateProfileAsync(string clusterName, EksFargateProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var body = new JsonObject
        {
            ["fargateProfileName"] = profile.Name,
            ["podExecutionRoleArn"] = profile.PodExecutionRoleArn,
            ["subnets"] = Strings(profile.Subnets),
            ["selectors"] = new JsonArray([.. profile.Selectors.Select(s => (JsonNode)new JsonObject { ["namespace"] = s.Namespace, ["labels"] = StringMap(s.Labels) })]),
        };
        if (profile.Tags.Count > 0) body["tags"] = StringMap(profile.Tags);
        return Profile(await SendAsync(HttpMethod.Post, PathOf("clusters", clusterName, "fargate-profiles"), body, cancellationToken: cancellationToken));
    }

    /// <summary>The profile <paramref name="name"/> of the cluster.</summary>
    public async Task<EksFargateProfile> DescribeFargateProfileAsync(string clusterName, string name, CancellationToken cancellationToken = default) =>
        Profile(await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "fargate-profiles", name), cancellationToken: cancellationToken));

    /// <summary>Every profile name of the cluster, page after page.</summary>
    public async Task<IReadOnlyList<string>> ListAllFargateProfilesAsync(string clusterName, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var json = await SendAsync(HttpMethod.Get, PathOf("clusters", clusterName, "fargate-profiles"),
                query: [KeyValuePair.Create("nextToken", token)], cancellationToken: cancellationToken);
            names.AddRange(List(json["fargateProfileNames"]));
            token = Str(json["nextToken"]);
        }
        while (token is not null);
        return names;
    }

    /// <summary>Deletes a profile; it answers DELETING.</summary>
    public Task DeleteFargateProfileAsync(string clusterName, string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf("clusters", clusterName, "fargate-profiles", name), cancellationToken: cancellationToken);

    /// <summary>Polls until the profile is ACTIVE; throws when it failed or is going away.</summary>
    public async Task<EksFargateProfile> WaitUntilActiveAsync(string clusterName, string name, CancellationToken cancellationToken = default)
    {
        for (var delay = TimeSpan.FromMilliseconds(50); ; delay = Next(delay))
        {
            var profile = await DescribeFargateProfileAsync(clusterName, name, cancellationToken);
            if (profile.Status == "ACTIVE") return profile;
            if (profile.Status is "CREATE_FAILED" or "DELETING" or "DELETE_FAILED")
                throw new InvalidOperationException($"Fargate profile {name} of {clusterName} is {profile.Status}; it will not become ACTIVE.");
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>Polls until DescribeFargateProfile answers ResourceNotFoundException.</summary>
    public async Task WaitUntilDeletedAsync(string clusterName, string name, CancellationToken cancellationToken = default)
    {
        for (var delay = TimeSpan.FromMilliseconds(50); ; delay = Next(delay))
        {
            try { await DescribeFargateProfileAsync(clusterName, name, cancellationToken); }
            catch (AwsApiException e) when (e.ErrorCode == "ResourceNotFoundException") { return; }
            await Task.Delay(delay, cancellationToken);
        }
    }

    private TimeSpan Next(TimeSpan delay) => delay * 2 < PollInterval ? delay * 2 : PollInterval;

    private static EksFargateProfile Profile(JsonObject answer)
    {
        var json = answer["fargateProfile"] as JsonObject ?? throw new InvalidOperationException("The EKS answer has no fargateProfile.");
        return new EksFargateProfile
        {
            Name = Str(json["fargateProfileName"])!,
            Arn = Str(json["fargateProfileArn"]) ?? "",
            Status = Str(json["status"]) ?? "",
            PodExecutionRoleArn = Str(json["podExecutionRoleArn"]) ?? "",
            Subnets = List(json["subnets"]),
            Selectors = json["selectors"] is JsonArray selectors
                ? [.. selectors.Select(s => (Str(s?["namespace"]) ?? "", Map(s?["labels"])))]
                : [],
            Tags = Map(json["tags"]),
        };
    }
}
