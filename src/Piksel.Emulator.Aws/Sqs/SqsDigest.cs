using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// The MD5 digests SQS answers so clients can check what it stored: of the body's UTF-8 bytes, and of the message
/// attributes in SQS's documented encoding (sorted by name; each length-prefixed name, data type, transport byte and value).
/// </summary>
internal static class SqsDigest
{
    public static string OfBody(string body) => Md5(Encoding.UTF8.GetBytes(body));

    /// <summary>The digest of <paramref name="attributes"/>, or null when there are none (SQS then omits it).</summary>
    public static string? OfAttributes(IReadOnlyDictionary<string, SqsMessageAttribute> attributes)
    {
        if (attributes.Count == 0) return null;
        using var buffer = new MemoryStream();
        foreach (var (name, attribute) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Write(buffer, Encoding.UTF8.GetBytes(name));
            Write(buffer, Encoding.UTF8.GetBytes(attribute.DataType));
            if (attribute.BinaryValue is { } binary)
            {
                buffer.WriteByte(2);
                Write(buffer, Convert.FromBase64String(binary));
            }
            else
            {
                buffer.WriteByte(1);
                Write(buffer, Encoding.UTF8.GetBytes(attribute.StringValue ?? ""));
            }
        }
        return Md5(buffer.ToArray());
    }

    private static void Write(Stream stream, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }

    // MD5 is what SQS's wire contract names for these integrity digests; nothing here relies on it for security.
#pragma warning disable CA5351
    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
}
