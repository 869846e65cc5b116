using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// The ciphertext blob KMS hands out. Like AWS's, it names the key that made it, so Decrypt needs no KeyId:
/// <c>version(1) | arnLength(2) | keyArn | nonce(12) | tag(16) | ciphertext</c>, AES-256-GCM under the key's material,
/// with the header and the canonical encryption context as associated data (a different context fails the tag).
/// </summary>
internal static class KmsCiphertext
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/>, binding <paramref name="context"/>.</summary>
    public static byte[] Seal(KmsKeyRecord key, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        var arn = Encoding.UTF8.GetBytes(key.Arn);
        var headerLength = 3 + arn.Length;
        var blob = new byte[headerLength + NonceSize + TagSize + plaintext.Length];
        blob[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(blob.AsSpan(1, 2), (ushort)arn.Length);
        arn.CopyTo(blob, 3);
        var nonce = blob.AsSpan(headerLength, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(Convert.FromBase64String(key.Material), TagSize);
        gcm.Encrypt(nonce, plaintext, blob.AsSpan(headerLength + NonceSize + TagSize), blob.AsSpan(headerLength + NonceSize, TagSize),
            AssociatedData(blob.AsSpan(0, headerLength), context));
        return blob;
    }

    /// <summary>The key ARN a blob was made under; null when the blob is not one of ours.</summary>
    public static string? KeyArnOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 3 || blob[0] != Version) return null;
        var length = BinaryPrimitives.ReadUInt16BigEndian(blob.Slice(1, 2));
        if (blob.Length < 3 + length + NonceSize + TagSize) return null;
        try { return Encoding.UTF8.GetString(blob.Slice(3, length)); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>Decrypts a blob made by <see cref="Seal"/>; null when the tag fails (wrong key or context, tampering).</summary>
    public static byte[]? Open(KmsKeyRecord key, ReadOnlySpan<byte> blob, IReadOnlyDictionary<string, string>? context)
    {
        if (KeyArnOf(blob) is null) return null;
        var headerLength = 3 + BinaryPrimitives.ReadUInt16BigEndian(blob.Slice(1, 2));
        var body = blob[(headerLength + NonceSize + TagSize)..];
        var plaintext = new byte[body.Length];
        using var gcm = new AesGcm(Convert.FromBase64String(key.Material), TagSize);
        try
        {
            gcm.Decrypt(blob.Slice(headerLength, NonceSize), body, blob.Slice(headerLength + NonceSize, TagSize), plaintext,
                AssociatedData(blob[..headerLength], context));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    // The context is a set of pairs, so its order on the wire must not matter: sort by key, length-prefix each part.
    private static byte[] AssociatedData(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? context)
    {
        using var buffer = new MemoryStream();
        buffer.Write(header);
        foreach (var (k, v) in (context ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WritePart(buffer, k);
            WritePart(buffer, v);
        }
        return buffer.ToArray();
    }

    private static void WritePart(MemoryStream buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
