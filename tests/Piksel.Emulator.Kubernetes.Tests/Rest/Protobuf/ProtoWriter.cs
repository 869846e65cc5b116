using System.Text;

namespace Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf;

/// <summary>A proto2 encoder for test bodies, written the way gogo-protobuf does (value fields always, pointers when set).</summary>
internal static class ProtoWriter
{
    /// <summary>A varint field (bool, int32, int64).</summary>
    public static byte[] Varint(int number, long value) => [.. Tag(number, 0), .. VarintBytes((ulong)value)];

    /// <summary>A string field.</summary>
    public static byte[] Text(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    /// <summary>A length-delimited field.</summary>
    public static byte[] Bytes(int number, byte[] value) => [.. Tag(number, 2), .. VarintBytes((ulong)value.Length), .. value];

    /// <summary>A nested message of <paramref name="fields"/>.</summary>
    public static byte[] Message(int number, params byte[][] fields) => Bytes(number, [.. fields.SelectMany(f => f)]);

    /// <summary>One entry of a map field.</summary>
    public static byte[] Entry(int number, string key, string value) => Message(number, Text(1, key), Text(2, value));

    /// <summary>The body: <c>k8s\0</c> + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.</summary>
    public static byte[] Envelope(string apiVersion, string kind, params byte[][] fields) =>
        [0x6b, 0x38, 0x73, 0x00, .. Message(1, Text(1, apiVersion), Text(2, kind)), .. Bytes(2, [.. fields.SelectMany(f => f)])];

    /// <summary>ObjectMeta as client-go writes a new object's: every string, generation 0 and an empty creationTimestamp.</summary>
    public static byte[] NewObjectMeta(string name, params byte[][] more) => Message(1,
        [Text(1, name), Text(2, ""), Text(3, ""), Text(4, ""), Text(5, ""), Text(6, ""), Varint(7, 0), Message(8), .. more]);

    private static byte[] Tag(int number, int wire) => VarintBytes((ulong)((number << 3) | wire));

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }
}
