using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>
/// Typed Secrets Manager client (awsJson1.1, SigV4 by AWSSDK.Core) for AWS and the embedded emulator alike.
/// Errors surface as <see cref="AwsApiException"/> with AWS's codes (<c>ResourceNotFoundException</c>…).
/// Secret values travel as <see cref="SecretValue"/>, which never prints its content.
/// </summary>
public sealed class SecretsManagerClient(AwsClientOptions options) : JsonApiClient(options, "secretsmanager", "secretsmanager")
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

    /// <summary>Schedules deletion after <paramref name="recoveryWindowInDays"/> (7–30, default 30) or deletes at once when forced.</summary>
    public async Task<DeleteSecretResult> DeleteSecretAsync(string secretId, int? recoveryWindowInDays = null, bool forceDeleteWithoutRecovery = false,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["SecretId"] = secretId };
        if (recoveryWindowInDays is { } days) body["RecoveryWindowInDays"] = days;
        if (forceDeleteWithoutRecovery) body["ForceDeleteWithoutRecovery"] = true;
        var json = await CallAsync("DeleteSecret", body, cancellationToken);
        return new DeleteSecretResult(Str(json, "ARN")!, Str(json, "Name")!, Time(json["DeletionDate"]) ?? default);
    }

    /// <summary>Cancels a scheduled deletion.</summary>
    public async Task<SecretReference> RestoreSecretAsync(string secretId, CancellationToken cancellationToken = default) =>
        Reference(await CallAsync("RestoreSecret", new JsonObject { ["SecretId"] = secretId }, cancellationToken));

    /// <summary>Adds or overwrites tags.</summary>
    public Task TagResourceAsync(string secretId, IReadOnlyList<SecretTag> tags, CancellationToken cancellationToken = default) =>
        CallAsync("TagResource", new JsonObject { ["SecretId"] = secretId, ["Tags"] = Tags(tags) }, cancellationToken);

    /// <summary>Removes tags by key.</summary>
    public Task UntagResourceAsync(string secretId, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken = default) =>
        CallAsync("UntagResource", new JsonObject { ["SecretId"] = secretId, ["TagKeys"] = Strings(tagKeys) }, cancellationToken);

    /// <summary>Attaches a resource policy; <paramref name="blockPublicPolicy"/> refuses one that allows everyone.</summary>
    public async Task<SecretReference> PutResourcePolicyAsync(string secretId, string policy, bool blockPublicPolicy = false, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["SecretId"] = secretId, ["ResourcePolicy"] = policy };
        if (blockPublicPolicy) body["BlockPublicPolicy"] = true;
        return Reference(await CallAsync("PutResourcePolicy", body, cancellationToken));
    }

    /// <summary>The secret's resource policy (null when it has none).</summary>
    public async Task<SecretResourcePolicy> GetResourcePolicyAsync(string secretId, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("GetResourcePolicy", new JsonObject { ["SecretId"] = secretId }, cancellationToken);
        return new SecretResourcePolicy(Str(json, "ARN")!, Str(json, "Name")!, Str(json, "ResourcePolicy"));
    }

    /// <summary>Removes the secret's resource policy.</summary>
    public async Task<SecretReference> DeleteResourcePolicyAsync(string secretId, CancellationToken cancellationToken = default) =>
        Reference(await CallAsync("DeleteResourcePolicy", new JsonObject { ["SecretId"] = secretId }, cancellationToken));

    /// <summary>Checks a resource policy without attaching it.</summary>
    public async Task<PolicyValidation> ValidateResourcePolicyAsync(string policy, string? secretId = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["ResourcePolicy"] = policy };
        if (secretId is not null) body["SecretId"] = secretId;
        var json = await CallAsync("ValidateResourcePolicy", body, cancellationToken);
        var errors = (json["ValidationErrors"] as JsonArray ?? []).OfType<JsonObject>().Select(e => Str(e, "ErrorMessage") ?? "").ToList();
        return new PolicyValidation(json["PolicyValidationPassed"]?.GetValue<bool>() ?? false, errors);
    }

    /// <summary>A random password from Secrets Manager's cryptographic generator.</summary>
    public async Task<SecretValue> GetRandomPasswordAsync(RandomPasswordRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new RandomPasswordRequest();
        var body = new JsonObject
        {
            ["PasswordLength"] = request.PasswordLength,
            ["ExcludeNumbers"] = request.ExcludeNumbers,
            ["ExcludePunctuation"] = request.ExcludePunctuation,
            ["ExcludeUppercase"] = request.ExcludeUppercase,
            ["ExcludeLowercase"] = request.ExcludeLowercase,
            ["IncludeSpace"] = request.IncludeSpace,
            ["RequireEachIncludedType"] = request.RequireEachIncludedType,
        };
        if (request.ExcludeCharacters is not null) body["ExcludeCharacters"] = request.ExcludeCharacters;
        var json = await CallAsync("GetRandomPassword", body, cancellationToken);
        return SecretValue.FromString(Str(json, "RandomPassword") ?? "");
    }

    private static void AddValue(JsonObject body, SecretValue? value)
    {
        if (value is null) return;
        if (value.IsBinary) body["SecretBinary"] = value.Base64;
        else body["SecretString"] = value.Text;
    }

    private static SecretReference Reference(JsonObject json) => new(Str(json, "ARN")!, Str(json, "Name")!, Str(json, "VersionId"));

    private static SecretDescription Description(JsonObject json, string stagesMember) => new()
    {
        Arn = Str(json, "ARN")!,
        Name = Str(json, "Name")!,
        Description = Str(json, "Description"),
        KmsKeyId = Str(json, "KmsKeyId"),
        CreatedDate = Time(json["CreatedDate"]),
        LastChangedDate = Time(json["LastChangedDate"]),
        LastAccessedDate = Time(json["LastAccessedDate"]),
        DeletedDate = Time(json["DeletedDate"]),
        Tags = (json["Tags"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new SecretTag(Str(t, "Key") ?? "", Str(t, "Value") ?? "")).ToList(),
        VersionIdsToStages = (json[stagesMember] as JsonObject ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)List(p.Value), StringComparer.Ordinal),
    };

    private static JsonArray Tags(IEnumerable<SecretTag> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static List<string> List(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();

    // awsJson timestamps are epoch seconds with fractions.
    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : node is JsonValue s && s.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(parsed * 1000))
                : null;
}
