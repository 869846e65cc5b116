using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>The JSON shapes Secrets Manager answers a secret in.</summary>
internal static class SecretJson
{
    /// <summary><c>ARN</c> and <c>Name</c>, which most answers start with.</summary>
    public static JsonObject Identity(SecretRecord secret) => new() { ["ARN"] = secret.Arn, ["Name"] = secret.Name };

    /// <summary>The identity and, when a value was made, its <c>VersionId</c>.</summary>
    public static JsonObject Created(SecretRecord secret, string? versionId)
    {
        var answer = Identity(secret);
        if (versionId is not null) answer["VersionId"] = versionId;
        return answer;
    }

    /// <summary>The metadata DescribeSecret and ListSecrets share.</summary>
    public static JsonObject Summary(SecretRecord secret)
    {
        var answer = Identity(secret);
        if (secret.Description is not null) answer["Description"] = secret.Description;
        if (secret.KmsKeyId is not null) answer["KmsKeyId"] = secret.KmsKeyId;
        answer["LastChangedDate"] = JsonProtocol.Epoch(secret.LastChangedDate);
        if (secret.LastAccessedDate is { } accessed) answer["LastAccessedDate"] = JsonProtocol.Epoch(accessed);
        if (secret.DeletedDate is { } deleted) answer["DeletedDate"] = JsonProtocol.Epoch(deleted);
        answer["Tags"] = new JsonArray([.. secret.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        answer["CreatedDate"] = JsonProtocol.Epoch(secret.CreatedDate);
        return answer;
    }

    /// <summary>Version id → staging labels, for the versions that have any.</summary>
    public static JsonObject Stages(SecretRecord secret) =>
        new(secret.Versions.Where(v => v.Stages.Count > 0).Select(v => KeyValuePair.Create(v.VersionId, (JsonNode?)Strings(v.Stages))));

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
