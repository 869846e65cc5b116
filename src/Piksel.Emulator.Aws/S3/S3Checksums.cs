using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// The checksums S3 accepts in <c>x-amz-checksum-*</c> headers and aws-chunked trailers (CRC32, CRC32C, CRC64NVME,
/// SHA1, SHA256), computed here because System.IO.Hashing is not available to the emulator.
/// </summary>
public static class S3Checksums
{
    /// <summary>The algorithms in the names S3 uses (upper case); header names are <c>x-amz-checksum-</c> + lower case.</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    private static readonly uint[] Crc32Table = BuildTable32(0xEDB88320u);
    private static readonly uint[] Crc32CTable = BuildTable32(0x82F63B78u);
    private static readonly ulong[] Crc64NvmeTable = BuildTable64(0x9A6C9329AC4BC9B5ul);

    /// <summary>True when <paramref name="algorithm"/> (any case) is one S3 knows.</summary>
    public static bool IsKnown(string algorithm) => Algorithms.Contains(algorithm.ToUpperInvariant());

    /// <summary>The raw digest of <paramref name="data"/> (big-endian for CRCs, as S3 encodes them).</summary>
    public static byte[] Compute(string algorithm, ReadOnlySpan<byte> data)
    {
        switch (algorithm.ToUpperInvariant())
        {
            case "CRC32": return BigEndian32(Crc32(data, Crc32Table));
            case "CRC32C": return BigEndian32(Crc32(data, Crc32CTable));
            case "CRC64NVME":
                {
                    var crc = ~0ul;
                    foreach (var b in data) crc = Crc64NvmeTable[(byte)(crc ^ b)] ^ (crc >> 8);
                    var bytes = new byte[8];
                    BinaryPrimitives.WriteUInt64BigEndian(bytes, ~crc);
                    return bytes;
                }
#pragma warning disable CA5350 // SHA-1 is one of S3's wire checksums, not used for security here.
            case "SHA1": return SHA1.HashData(data);
#pragma warning restore CA5350
            case "SHA256": return SHA256.HashData(data);
            default: throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm.");
        }
    }

    /// <summary>MD5, which S3's ETags and Content-MD5 are made of by protocol (integrity, not security).</summary>
#pragma warning disable CA5351
    public static byte[] Md5(ReadOnlySpan<byte> data) => MD5.HashData(data);
#pragma warning restore CA5351

    /// <summary>The base64 digest, as it travels in headers.</summary>
    public static string ComputeBase64(string algorithm, ReadOnlySpan<byte> data) => Convert.ToBase64String(Compute(algorithm, data));

    private static uint Crc32(ReadOnlySpan<byte> data, uint[] table)
    {
        var crc = ~0u;
        foreach (var b in data) crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        return ~crc;
    }

    private static byte[] BigEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static uint[] BuildTable32(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }

    private static ulong[] BuildTable64(ulong polynomial)
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
