using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// The storage transformer a server with a data directory uses when it is given none: Secrets encrypted with
/// AES-256-GCM under a key derived from the installation's master key, in the <c>aesgcm</c> provider's envelope
/// (<c>k8s:enc:aesgcm:v1:&lt;key name&gt;:</c>, then nonce, ciphertext and tag; here base64, the journal being text) with
/// the etcd key as authenticated data. EKS encrypts every cluster's Secrets by default the same way, with a key of its own.
/// </summary>
internal sealed class AesGcmTransformer(MasterKey masterKey) : IStorageTransformer
{
    private const string Prefix = "k8s:enc:aesgcm:v1:piksel-master:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key = masterKey.Derive("kubernetes/secrets-at-rest");

    /// <inheritdoc />
    public bool Covers(string groupResource) => groupResource == "secrets";

    /// <inheritdoc />
    public string TransformToStorage(ReadOnlySpan<byte> data, string storageKey)
    {
        var blob = new byte[NonceSize + data.Length + TagSize];
        RandomNumberGenerator.Fill(blob.AsSpan(0, NonceSize));
        using var gcm = new AesGcm(key, TagSize);
        gcm.Encrypt(blob.AsSpan(0, NonceSize), data, blob.AsSpan(NonceSize, data.Length), blob.AsSpan(NonceSize + data.Length), Encoding.UTF8.GetBytes(storageKey));
        return Prefix + Convert.ToBase64String(blob);
    }

    /// <inheritdoc />
    public byte[] TransformFromStorage(string envelope, string storageKey)
    {
        if (!envelope.StartsWith(Prefix, StringComparison.Ordinal))
            throw new StorageTransformException("no matching prefix found");
        byte[] blob;
        try { blob = Convert.FromBase64String(envelope[Prefix.Length..]); }
        catch (FormatException) { throw new StorageTransformException("the stored data was shorter than the required size"); }
        if (blob.Length < NonceSize + TagSize) throw new StorageTransformException("the stored data was shorter than the required size");
        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(key, TagSize);
        try
        {
            gcm.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(storageKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StorageTransformException("cipher: message authentication failed");
        }
        return plaintext;
    }
}
