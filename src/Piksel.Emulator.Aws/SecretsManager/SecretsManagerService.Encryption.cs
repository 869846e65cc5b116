using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Values through KMS (encrypted with the caller's rights, never stored in clear) and request value parsing.</summary>
public sealed partial class SecretsManagerService
{
    /// <summary>The encryption context Secrets Manager binds every value to.</summary>
    private static Dictionary<string, string> EncryptionContext(string arn, string versionId) =>
        new(StringComparer.Ordinal) { ["SecretARN"] = arn, ["SecretVersionId"] = versionId };

    // The key is named relative to the secret's account and region, not the caller's (cross-account writers).
    private string KeyIdentifier(SecretRecord secret) => secret.KmsKeyId switch
    {
        null => kms.EnsureManagedKey(secret.Account, secret.Region, "secretsmanager").Arn,
        var id when id.StartsWith("arn:", StringComparison.Ordinal) => id,
        var id when id.StartsWith("alias/", StringComparison.Ordinal) => KmsKeys.AliasArn(secret.Account, secret.Region, id),
        var id => KmsKeys.KeyArn(secret.Account, secret.Region, id),
    };

    /// <summary>Encrypts a value through KMS with the caller's rights (Secrets Manager asks KMS for kms:GenerateDataKey).</summary>
    private SecretVersionRecord Seal(AwsRequestContext context, SecretRecord secret, string versionId, Value value, IReadOnlyList<string> stages, DateTimeOffset now)
    {
        try
        {
            var (key, blob) = kms.EncryptForService(context, KeyIdentifier(secret), value.Bytes, EncryptionContext(secret.Arn, versionId),
                "secretsmanager", "kms:GenerateDataKey");
            return new SecretVersionRecord
            {
                VersionId = versionId, Stages = stages, CreatedDate = now, Ciphertext = Convert.ToBase64String(blob), Binary = value.Binary, KmsKeyArn = key.Arn,
            };
        }
        catch (AwsServiceException e)
        {
            throw e.Code == "AccessDeniedException" ? SecretsManagerErrors.KmsAccessDenied() : SecretsManagerErrors.EncryptionFailure();
        }
    }

    /// <summary>Decrypts a version through KMS with the caller's own kms:Decrypt rights on the key.</summary>
    private byte[] Open(AwsRequestContext context, SecretRecord secret, SecretVersionRecord version)
    {
        try
        {
            return kms.DecryptForService(context, Convert.FromBase64String(version.Ciphertext), EncryptionContext(secret.Arn, version.VersionId), "secretsmanager");
        }
        catch (AwsServiceException e)
        {
            throw e.Code == "AccessDeniedException" ? SecretsManagerErrors.KmsAccessDenied() : SecretsManagerErrors.DecryptionFailure();
        }
    }

    private bool SameValue(SecretRecord secret, SecretVersionRecord version, Value value) =>
        version.Binary == value.Binary
        && kms.Peek(Convert.FromBase64String(version.Ciphertext), EncryptionContext(secret.Arn, version.VersionId)) is { } stored
        && CryptographicOperations.FixedTimeEquals(stored, value.Bytes);

    private static Value? ReadValue(JsonObject body)
    {
        var text = body.OptionalString("SecretString");
        var binary = body.OptionalString("SecretBinary");
        if (text is not null && binary is not null)
            throw SecretsManagerErrors.InvalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        if (text is not null)
        {
            if (text.Length > 65536) throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536");
            return new Value(Encoding.UTF8.GetBytes(text), false);
        }
        if (binary is null) return null;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(binary); }
        catch (FormatException) { throw SecretsManagerErrors.InvalidParameter("SecretBinary must be base64."); }
        if (bytes.Length > 65536) throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536");
        return new Value(bytes, true);
    }

    private static string? Token(JsonObject body)
    {
        var token = body.OptionalString("ClientRequestToken");
        if (token is not null && token.Length is < 32 or > 64)
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length {(token.Length < 32 ? "greater than or equal to 32" : "less than or equal to 64")}");
        return token;
    }

    private static string? Description(JsonObject body)
    {
        var description = body.OptionalString("Description");
        if (description is { Length: > 2048 })
            throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048");
        return description;
    }

    private static List<string> Labels(JsonArray array)
    {
        var labels = array.Select(n => n?.GetValue<string>() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (labels.Count is 0 or > 20 || labels.Any(l => l.Length is 0 or > 256))
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value at 'versionStages' failed to satisfy constraint: Member must have length between 1 and 20 labels of 1 to 256 characters (got {labels.Count.ToString(CultureInfo.InvariantCulture)})");
        return labels;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
