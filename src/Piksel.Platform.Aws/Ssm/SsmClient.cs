using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Ssm;

/// <summary>
/// Typed Systems Manager Parameter Store client (awsJson1.1, <c>X-Amz-Target: AmazonSSM.&lt;Op&gt;</c>, signing name
/// <c>ssm</c>): the account's parameters and AWS's public ones (the EKS-optimized AMI ids). Errors surface as
/// <see cref="AwsApiException"/> (<c>ParameterNotFound</c>, <c>ParameterAlreadyExists</c>, <c>AccessDeniedException</c>…).
/// </summary>
public sealed class SsmClient(AwsClientOptions options) : JsonApiClient(options, "ssm", "AmazonSSM")
{
    /// <summary>One parameter by name or ARN.</summary>
    public async Task<SsmParameter> GetParameterAsync(string name, bool withDecryption = false, CancellationToken cancellationToken = default) =>
        Read((JsonObject)(await CallAsync("GetParameter", new JsonObject { ["Name"] = name, ["WithDecryption"] = withDecryption }, cancellationToken))["Parameter"]!);

    /// <summary>Up to ten parameters by name; the names that do not exist come back as invalid.</summary>
    public async Task<(IReadOnlyList<SsmParameter> Found, IReadOnlyList<string> Invalid)> GetParametersAsync(IEnumerable<string> names, bool withDecryption = false,
        CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("GetParameters", new JsonObject { ["Names"] = new JsonArray([.. names.Select(n => (JsonNode)n)]), ["WithDecryption"] = withDecryption }, cancellationToken);
        return ([.. (json["Parameters"] as JsonArray ?? []).OfType<JsonObject>().Select(Read)], [.. (json["InvalidParameters"] as JsonArray ?? []).Select(n => n!.GetValue<string>())]);
    }

    /// <summary>Every parameter under <paramref name="path"/> (one level, or all with <paramref name="recursive"/>), every page.</summary>
    public async Task<IReadOnlyList<SsmParameter>> GetParametersByPathAsync(string path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var all = new List<SsmParameter>();
        string? token = null;
        do
        {
            var body = new JsonObject { ["Path"] = path, ["Recursive"] = recursive };
            if (token is not null) body["NextToken"] = token;
            var json = await CallAsync("GetParametersByPath", body, cancellationToken);
            all.AddRange((json["Parameters"] as JsonArray ?? []).OfType<JsonObject>().Select(Read));
            token = Str(json, "NextToken");
        } while (token is not null);
        return all;
    }

    /// <summary>Creates a parameter, or a new version of it with <paramref name="overwrite"/>; answers the version.</summary>
    public async Task<long> PutParameterAsync(string name, string value, string type = "String", bool overwrite = false, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("PutParameter", new JsonObject { ["Name"] = name, ["Value"] = value, ["Type"] = type, ["Overwrite"] = overwrite }, cancellationToken);
        return json["Version"]?.GetValue<long>() ?? 0;
    }

    /// <summary>Deletes a parameter.</summary>
    public Task DeleteParameterAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteParameter", new JsonObject { ["Name"] = name }, cancellationToken);

    private static SsmParameter Read(JsonObject json) =>
        new(Str(json, "Name")!, Str(json, "Type")!, Str(json, "Value")!, json["Version"]?.GetValue<long>() ?? 0, Str(json, "ARN")!);
}
