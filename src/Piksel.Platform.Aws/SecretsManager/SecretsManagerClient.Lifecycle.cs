using System.Globalization;
using System.Text.Json.Nodes;

namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>Deletion, tags, resource policies, random passwords and the wire helpers.</summary>
public sealed partial class SecretsManagerClient
{
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
