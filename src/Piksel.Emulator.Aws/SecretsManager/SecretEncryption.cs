using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>
/// Secret values through KMS: encrypted with the caller's own rights on the key and never stored in clear, read back
/// with the caller's own kms:Decrypt. These checks are KMS's, made on behalf of the caller while the operation runs.
/// </summary>
internal sealed class SecretEncryption(KmsKeys kms)
{
    /// <summary>Encrypts a value through KMS with the caller's rights (Secrets Manager asks KMS for kms:GenerateDataKey).</summary>
    public SecretVersionRecord Seal(AwsRequestContext context, SecretRecord secret, string versionId, SecretValue value, IReadOnlyList<string> stages, DateTimeOffset now)
    {
        try
        {
            var (key, blob) = kms.EncryptForService(context, KeyIdentifier(secret), value.Bytes, EncryptionContext(secret.Arn, versionId),
                "secretsmanager", "kms:GenerateDataKey");
            return new SecretVersionRecord
            {
                VersionId = versionId,
                Stages = stages,
                CreatedDate = now,
                Ciphertext = Convert.ToBase64String(blob),
                Binary = value.Binary,
                KmsKeyArn = key.Arn,
            };
        }
        catch (AwsServiceException e)
        {
            throw e.Code == "AccessDeniedException" ? SecretsManagerErrors.KmsAccessDenied() : SecretsManagerErrors.EncryptionFailure();
        }
    }

    /// <summary>Decrypts a version through KMS with the caller's own kms:Decrypt rights on the key.</summary>
    public byte[] Open(AwsRequestContext context, SecretRecord secret, SecretVersionRecord version)
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

    /// <summary>True when <paramref name="version"/> holds <paramref name="value"/> (an idempotent retry), compared in constant time.</summary>
    public bool SameValue(SecretRecord secret, SecretVersionRecord version, SecretValue value) =>
        version.Binary == value.Binary
        && kms.Peek(Convert.FromBase64String(version.Ciphertext), EncryptionContext(secret.Arn, version.VersionId)) is { } stored
        && CryptographicOperations.FixedTimeEquals(stored, value.Bytes);

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
}
