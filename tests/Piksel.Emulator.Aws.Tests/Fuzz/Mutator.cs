using System.Text;
using CsCheck;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>One edit of an input: what to do, where (a position folded into the input's length), how much and with which token.</summary>
internal readonly record struct Mutation(int Kind, int At, int Length, int Token);

/// <summary>
/// Turns corpus inputs into hostile ones: byte flips and interesting bytes, tokens of the format (a lone surrogate escape,
/// a control character reference, a number past 64 bits, a DTD…) inserted, repeated into nesting bombs or put in place
/// of a range, ranges deleted, duplicated or truncated, and tails spliced from another seed. CsCheck shrinks a failing
/// input by shrinking the seed index and the list of edits.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xC0, 0xED, 0xFE, 0xFF, (byte)'"', (byte)'\\', (byte)'<', (byte)'&', (byte)'%', (byte)'=', (byte)';', (byte)'\n'];

    /// <summary>Tokens every format gets: encodings and numbers that break naive parsers.</summary>
    public static readonly string[] Common =
    [
        "\\ud800", "\\udc00", "\\u0000", "\u0001", "%00", "%01", "%ED%A0%80", "%FF", "%", "%zz", "+", "-1", "0", "2147483648", "9223372036854775808",
        "99999999999999999999", "1e400", "1.5", "0x10", "NaN", "", " ", "\t", "\r\n", "é", "\uFFFF",
    ];

    /// <summary>JSON's structure and types.</summary>
    public static readonly string[] Json = [.. Common, "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "{}", "[]", "\"\"", "[[[[[[[[[[", "{\"a\":", "\"\\ud800\"", "\"\\udfff\\ud800\""];

    /// <summary>XML's structure and the constructs S3 must refuse.</summary>
    public static readonly string[] Xml =
    [
        .. Common, "<", ">", "</", "/>", "&#x1;", "&#0;", "&amp;", "&lt;", "&x;", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "<!DOCTYPE a [<!ENTITY x \"xx\">]>",
        "<!--", "-->", "<a>", "</a>", "xmlns=\"x\"", "<Key>", "</Key>", "<Object>", "<Tag><Key>k</Key><Value>v</Value></Tag>",
    ];

    /// <summary>Form bodies and query strings.</summary>
    public static readonly string[] Form = [.. Common, "&", "=", "&&", "==", ".member.1", ".member.0", ".member.99999999999", "Action=", "Version=", "Tags.member.1.Key=", ".1", "%26", "%3D"];

    /// <summary>SigV4's parameters and separators.</summary>
    public static readonly string[] SigV4 =
    [
        .. Common, ",", ", ", "=", "/", ";", "Credential=", "Signature=", "SignedHeaders=", "aws4_request", "AWS4-HMAC-SHA256", "X-Amz-Expires=", "X-Amz-Date=",
        "X-Amz-Credential=", "X-Amz-Signature=", "X-Amz-Algorithm=", "X-Amz-SignedHeaders=", "20260101T000000Z", "20260101", "604800", "604801", "&",
    ];

    /// <summary>aws-chunked framing.</summary>
    public static readonly string[] Chunked = [.. Common, "\r\n", "0\r\n", "7fffffff", "ffffffffffff", ";chunk-signature=", "x-amz-checksum-crc32:", "x-amz-trailer-signature:", ":", "\r\n\r\n"];

    /// <summary>Inputs made from <paramref name="seeds"/> with up to six edits using <paramref name="tokens"/>.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds, IReadOnlyList<string> tokens)
    {
        var encoded = tokens.Select(Encoding.UTF8.GetBytes).ToArray();
        var edit = Gen.Select(Gen.Int[0, 10], Gen.Int[0, int.MaxValue], Gen.Int[0, 64], Gen.Int[0, encoded.Length - 1], (kind, at, length, token) => new Mutation(kind, at, length, token));
        return Gen.Select(Gen.Int[0, seeds.Count - 1], edit.List[0, 6], (seed, edits) => Apply(seeds[seed], edits, seeds, encoded));
    }

    /// <summary><paramref name="input"/> with <paramref name="edits"/> applied in order.</summary>
    public static byte[] Apply(byte[] input, IReadOnlyList<Mutation> edits, IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> tokens)
    {
        var bytes = new List<byte>(input);
        foreach (var (kind, rawAt, length, tokenIndex) in edits)
        {
            var at = rawAt % (bytes.Count + 1);
            var span = Math.Min(length, bytes.Count - at);
            var token = tokens[tokenIndex % tokens.Count];
            switch (kind)
            {
                case 0 when at < bytes.Count: bytes[at] ^= (byte)(1 << (length % 8)); break;
                case 1: bytes.InsertRange(at, token); break;
                case 2: bytes.RemoveRange(at, span); bytes.InsertRange(at, token); break;
                case 3: bytes.RemoveRange(at, span); break;
                case 4: bytes.InsertRange(at, bytes.GetRange(at, span)); break;
                case 5: bytes.RemoveRange(at, bytes.Count - at); break;
                case 6 when at < bytes.Count: bytes[at] = Interesting[length % Interesting.Length]; break;
                case 7:
                    var other = seeds[tokenIndex % seeds.Count];
                    var from = length * other.Length / 65;
                    bytes.RemoveRange(at, bytes.Count - at);
                    bytes.AddRange(other.AsSpan(from).ToArray());
                    break;
                case 8:
                    // Nesting and repetition bombs: a token a few hundred times.
                    for (var i = 0; i < length * 8; i++) bytes.InsertRange(at, token);
                    break;
                case 9:
                    var random = new Random(rawAt);
                    var noise = new byte[length];
                    random.NextBytes(noise);
                    bytes.InsertRange(at, noise);
                    break;
                default:
                    bytes.InsertRange(at, token);
                    bytes.InsertRange(at, token);
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>An input as text a person can read and paste: printable ASCII as is, everything else as <c>\xNN</c>.</summary>
    public static string Show(ReadOnlySpan<byte> input)
    {
        var sb = new StringBuilder(input.Length + 16);
        foreach (var b in input)
        {
            if (b is >= 0x20 and < 0x7F && b != '\\') sb.Append((char)b);
            else sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }
        return sb.ToString();
    }
}
