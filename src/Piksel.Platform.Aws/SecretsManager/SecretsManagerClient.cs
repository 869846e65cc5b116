using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>
/// Typed Secrets Manager client (awsJson1.1, SigV4 by AWSSDK.Core) for AWS and the embedded emulator alike.
/// Errors surface as <see cref="AwsApiException"/> with AWS's codes (<c>ResourceNotFoundException</c>…).
/// Secret values travel as <see cref="SecretValue"/>, which never prints its content.
/// </summary>
public sealed partial class SecretsManagerClient(AwsClientOptions options) : JsonApiClient(options, "secretsmanager", "secretsmanager")
{
    /// <summary>Creates a secret, with a first AWSCURRENT version when <see cref="CreateSecretRequest.Value"/> is set.</summary>
    public async Task<SecretReference> CreateSecretAsync(CreateSecretRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["Name"] = request.Name };
        AddValue(body, request.Value);
        if (request.Value is not null) body["ClientRequestToken"] = request.ClientRequestToken ?? Guid.NewGuid().ToString();
        if (request.Description is not null) body["Description"] = request.Description;
        if (request.KmsKeyId is not null) body["KmsKeyId"] = request.KmsKeyId;
        if (request.Tags.Count > 0) body["Tags"] = Tags(request.Tags);
        if (request.ForceOverwriteReplicaSecret) body["ForceOverwriteReplicaSecret"] = true;
        return Reference(await CallAsync("CreateSecret", body, cancellationToken));
    }

    /// <summary>Reads a version by id or staging label (default AWSCURRENT). <paramref name="secretId"/> is a name, ARN or partial ARN.</summary>
    public async Task<SecretValueEntry> GetSecretValueAsync(string secretId, string? versionId = null, string? versionStage = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["SecretId"] = secretId };
        if (versionId is not null) body["VersionId"] = versionId;
        if (versionStage is not null) body["VersionStage"] = versionStage;
        var json = await CallAsync("GetSecretValue", body, cancellationToken);
        return new SecretValueEntry(
            Str(json, "ARN")!, Str(json, "Name")!, Str(json, "VersionId")!,
            SecretValue.FromWire(Str(json, "SecretString"), Str(json, "SecretBinary")) ?? throw new InvalidOperationException("GetSecretValue answered without a value."),
            List(json["VersionStages"]), Time(json["CreatedDate"]) ?? default);
    }

    /// <summary>Stores a new version; by default it becomes AWSCURRENT and the previous one AWSPREVIOUS.</summary>
    public async Task<PutSecretValueResult> PutSecretValueAsync(string secretId, SecretValue value, string? clientRequestToken = null,
        IReadOnlyList<string>? versionStages = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = new JsonObject { ["SecretId"] = secretId, ["ClientRequestToken"] = clientRequestToken ?? Guid.NewGuid().ToString() };
        AddValue(body, value);
        if (versionStages is not null) body["VersionStages"] = Strings(versionStages);
        var json = await CallAsync("PutSecretValue", body, cancellationToken);
        return new PutSecretValueResult(Str(json, "ARN")!, Str(json, "Name")!, Str(json, "VersionId")!, List(json["VersionStages"]));
    }

    /// <summary>Changes description or key, and with a value adds a new AWSCURRENT version.</summary>
    public async Task<SecretReference> UpdateSecretAsync(UpdateSecretRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["SecretId"] = request.SecretId };
        if (request.Description is not null) body["Description"] = request.Description;
        if (request.KmsKeyId is not null) body["KmsKeyId"] = request.KmsKeyId;
        AddValue(body, request.Value);
        if (request.Value is not null) body["ClientRequestToken"] = request.ClientRequestToken ?? Guid.NewGuid().ToString();
        return Reference(await CallAsync("UpdateSecret", body, cancellationToken));
    }

    /// <summary>Moves or removes a staging label.</summary>
    public async Task<SecretReference> UpdateSecretVersionStageAsync(string secretId, string versionStage, string? removeFromVersionId = null,
        string? moveToVersionId = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["SecretId"] = secretId, ["VersionStage"] = versionStage };
        if (removeFromVersionId is not null) body["RemoveFromVersionId"] = removeFromVersionId;
        if (moveToVersionId is not null) body["MoveToVersionId"] = moveToVersionId;
        return Reference(await CallAsync("UpdateSecretVersionStage", body, cancellationToken));
    }

    /// <summary>The secret's metadata (works on secrets scheduled for deletion).</summary>
    public async Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken = default) =>
        Description(await CallAsync("DescribeSecret", new JsonObject { ["SecretId"] = secretId }, cancellationToken), "VersionIdsToStages");

    /// <summary>One page of the region's secrets.</summary>
    public async Task<SecretList> ListSecretsAsync(ListSecretsRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListSecretsRequest();
        var body = new JsonObject();
        if (request.Filters.Count > 0)
            body["Filters"] = new JsonArray([.. request.Filters.Select(f => (JsonNode)new JsonObject { ["Key"] = f.Key, ["Values"] = Strings(f.Values) })]);
        if (request.MaxResults is { } max) body["MaxResults"] = max;
        if (request.NextToken is not null) body["NextToken"] = request.NextToken;
        if (request.IncludePlannedDeletion) body["IncludePlannedDeletion"] = true;
        if (request.SortOrder is not null) body["SortOrder"] = request.SortOrder;
        var json = await CallAsync("ListSecrets", body, cancellationToken);
        var secrets = (json["SecretList"] as JsonArray ?? []).OfType<JsonObject>().Select(s => Description(s, "SecretVersionsToStages")).ToList();
        return new SecretList(secrets, Str(json, "NextToken"));
    }

    /// <summary>Every page of ListSecrets.</summary>
    public async IAsyncEnumerable<SecretDescription> ListAllSecretsAsync(ListSecretsRequest? request = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        request ??= new ListSecretsRequest();
        string? token = null;
        do
        {
            var page = await ListSecretsAsync(request with { NextToken = token }, cancellationToken);
            foreach (var secret in page.Secrets) yield return secret;
            token = page.NextToken;
        } while (token is not null);
    }

    /// <summary>The secret's versions (deprecated ones, without labels, only when asked).</summary>
    public async Task<SecretVersionList> ListSecretVersionIdsAsync(string secretId, int? maxResults = null, string? nextToken = null,
        bool includeDeprecated = false, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["SecretId"] = secretId };
        if (maxResults is { } max) body["MaxResults"] = max;
        if (nextToken is not null) body["NextToken"] = nextToken;
        if (includeDeprecated) body["IncludeDeprecated"] = true;
        var json = await CallAsync("ListSecretVersionIds", body, cancellationToken);
        var versions = (json["Versions"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(v => new SecretVersionInfo(Str(v, "VersionId")!, List(v["VersionStages"]), Time(v["CreatedDate"]), Time(v["LastAccessedDate"])))
            .ToList();
        return new SecretVersionList(Str(json, "ARN")!, Str(json, "Name")!, versions, Str(json, "NextToken"));
    }
}
