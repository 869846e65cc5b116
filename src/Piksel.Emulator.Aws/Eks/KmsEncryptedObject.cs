using System.Text;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// KMS v2's <c>EncryptedObject</c> (k8s.io/apiserver storage/value/encrypt/envelope/kmsv2/v2, protobuf): the object
/// encrypted under a key derived from the DEK seed (field 1), the KMS key that encrypted the seed (2), the seed as KMS
/// encrypted it (3), and the seed's type (5: HKDF_SHA256_XNONCE_AES_GCM_SEED). Written and read by hand: three byte
/// fields and one varint do not need a protobuf library.
/// </summary>
internal sealed record KmsEncryptedObject(byte[] EncryptedData, string KeyId, byte[] EncryptedDekSource)
{
    private const int SeedSourceType = 1;

    /// <summary>The protobuf encoding.</summary>
    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        WriteBytes(buffer, 1, EncryptedData);
        WriteBytes(buffer, 2, Encoding.UTF8.GetBytes(KeyId));
        WriteBytes(buffer, 3, EncryptedDekSource);
        WriteVarint(buffer, (5 << 3) | 0);
        WriteVarint(buffer, SeedSourceType);
        return buffer.ToArray();
    }

    /// <summary>Reads an encoding; null when it is not one (truncated, wrong wire types, a field missing, another seed type).</summary>
    public static KmsEncryptedObject? Decode(ReadOnlySpan<byte> data)
    {
        byte[]? encrypted = null, source = null;
        string? keyId = null;
        ulong sourceType = 0;
        var at = 0;
        while (at < data.Length)
        {
            if (ReadVarint(data, ref at) is not { } tag) return null;
            var (field, wire) = (tag >> 3, tag & 7);
            if (wire == 0)
            {
                if (ReadVarint(data, ref at) is not { } value) return null;
                if (field == 5) sourceType = value;
                continue;
            }
            if (wire != 2 || ReadVarint(data, ref at) is not { } length || length > (ulong)(data.Length - at)) return null;
            var bytes = data.Slice(at, (int)length);
            at += (int)length;
            switch (field)
            {
                case 1: encrypted = bytes.ToArray(); break;
                case 2: keyId = Encoding.UTF8.GetString(bytes); break;
                case 3: source = bytes.ToArray(); break;
                default: break; // annotations (4) and anything newer: not needed to decrypt
            }
        }
        return encrypted is null || keyId is null || source is null || sourceType != SeedSourceType ? null : new KmsEncryptedObject(encrypted, keyId, source);
    }

    private static void WriteBytes(MemoryStream buffer, int field, byte[] bytes)
    {
        WriteVarint(buffer, (ulong)((field << 3) | 2));
        WriteVarint(buffer, (ulong)bytes.Length);
        buffer.Write(bytes);
    }

    private static void WriteVarint(MemoryStream buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        buffer.WriteByte((byte)value);
    }

    private static ulong? ReadVarint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        return null;
    }
}
