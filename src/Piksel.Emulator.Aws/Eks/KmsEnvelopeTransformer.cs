using System.Security.Cryptography;
using System.Text;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// EKS envelope encryption of a cluster's Secrets with the KMS key its <c>encryptionConfig</c> names, as kube-apiserver's
/// KMS v2 provider does it through the aws-encryption-provider plugin: a 32-byte DEK seed, made once and encrypted with
/// the KMS key (in process, through the KMS emulator's own key store, never over the wire); each Secret encrypted with
/// AES-256-GCM under a key derived from the seed (HKDF-SHA256 with 32 random bytes, the "extended nonce"), the etcd key
/// as authenticated data; stored as <c>k8s:enc:kms:v2:aws-encryption-provider:</c> and the
/// <see cref="KmsEncryptedObject"/> (base64, the journal being text). Every encryption and decryption needs the KMS key
/// to be usable: disabled or pending deletion, Secret reads and writes fail with KMS's error, as on EKS.
/// </summary>
internal sealed class KmsEnvelopeTransformer(KmsKeys kms, string keyArn) : IStorageTransformer
{
    private const string Prefix = "k8s:enc:kms:v2:aws-encryption-provider:";
    private const int InfoSize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Lock gate = new();
    private readonly Dictionary<string, byte[]> seeds = new(StringComparer.Ordinal);
    private (string KeyArn, byte[] Seed, byte[] EncryptedSeed)? current;

    /// <inheritdoc />
    public bool Covers(string groupResource) => groupResource == "secrets";

    /// <inheritdoc />
    public string TransformToStorage(ReadOnlySpan<byte> data, string storageKey)
    {
        var key = UsableKey(kms.FindByArn(keyArn), keyArn, "encrypt");
        byte[] seed, encryptedSeed;
        lock (gate)
        {
            if (current is not { } now || now.KeyArn != key.Arn)
            {
                var fresh = RandomNumberGenerator.GetBytes(32);
                var sealedSeed = KmsCiphertext.Seal(key, fresh, null);
                seeds[Convert.ToBase64String(sealedSeed)] = fresh;
                current = now = (key.Arn, fresh, sealedSeed);
            }
            (seed, encryptedSeed) = (now.Seed, now.EncryptedSeed);
        }

        // info | nonce | ciphertext | tag, as the extended-nonce GCM transformer lays it out.
        var blob = new byte[InfoSize + NonceSize + data.Length + TagSize];
        RandomNumberGenerator.Fill(blob.AsSpan(0, InfoSize + NonceSize));
        using var gcm = new AesGcm(DataKey(seed, blob.AsSpan(0, InfoSize)), TagSize);
        gcm.Encrypt(blob.AsSpan(InfoSize, NonceSize), data, blob.AsSpan(InfoSize + NonceSize, data.Length), blob.AsSpan(InfoSize + NonceSize + data.Length),
            Encoding.UTF8.GetBytes(storageKey));
        return Prefix + Convert.ToBase64String(new KmsEncryptedObject(blob, key.Arn, encryptedSeed).Encode());
    }

    /// <inheritdoc />
    public byte[] TransformFromStorage(string envelope, string storageKey)
    {
        if (!envelope.StartsWith(Prefix, StringComparison.Ordinal)) throw new StorageTransformException("no matching prefix found");
        KmsEncryptedObject? stored;
        try { stored = KmsEncryptedObject.Decode(Convert.FromBase64String(envelope[Prefix.Length..])); }
        catch (FormatException) { stored = null; }
        if (stored is null || stored.EncryptedData.Length < InfoSize + NonceSize + TagSize)
            throw new StorageTransformException("failed to unmarshal encrypted object");

        // The seed is opened by the key that sealed it (the blob names it), which must be usable now.
        var key = UsableKey(kms.FindByArn(KmsCiphertext.KeyArnOf(stored.EncryptedDekSource) ?? stored.KeyId), stored.KeyId, "decrypt");
        byte[]? seed;
        var seedId = Convert.ToBase64String(stored.EncryptedDekSource);
        lock (gate)
        {
            if (!seeds.TryGetValue(seedId, out seed))
            {
                seed = KmsCiphertext.Open(key, stored.EncryptedDekSource, null)
                    ?? throw new StorageTransformException("failed to decrypt DEK, error: InvalidCiphertextException: ");
                seeds[seedId] = seed;
            }
        }

        var blob = stored.EncryptedData;
        var plaintext = new byte[blob.Length - InfoSize - NonceSize - TagSize];
        using var gcm = new AesGcm(DataKey(seed, blob.AsSpan(0, InfoSize)), TagSize);
        try
        {
            gcm.Decrypt(blob.AsSpan(InfoSize, NonceSize), blob.AsSpan(InfoSize + NonceSize, plaintext.Length), blob.AsSpan(blob.Length - TagSize), plaintext,
                Encoding.UTF8.GetBytes(storageKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StorageTransformException("cipher: message authentication failed");
        }
        return plaintext;
    }

    private static byte[] DataKey(byte[] seed, ReadOnlySpan<byte> info) => HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, 32, [], info.ToArray());

    /// <summary>The key when KMS would use it now; else the plugin's failure with KMS's error code and sentence.</summary>
    private static KmsKeyRecord UsableKey(KmsKeyRecord? key, string arn, string operation)
    {
        try
        {
            if (key is null) throw KmsErrors.KeyNotFound(arn);
            KmsKeys.EnsureUsable(key);
            return key;
        }
        catch (AwsServiceException e)
        {
            throw new StorageTransformException($"failed to {operation} DEK, error: {e.Code}: {e.Message}", e);
        }
    }
}
