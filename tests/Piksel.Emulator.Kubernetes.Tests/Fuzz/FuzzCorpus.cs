using System.Text;
using CsCheck;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>
/// The kept inputs of one fuzz target (<c>tests/fuzz-corpus/kubernetes/&lt;target&gt;/</c>, copied beside the tests):
/// real requests to start from and every input that once failed. Tests replay them all, then sample mutations of them.
/// </summary>
internal sealed class FuzzCorpus
{
    /// <summary>Tokens worth splicing into any input: YAML and JSON structure, aliases, escapes, edge numbers, selector operators.</summary>
    private static readonly byte[][] Tokens = [.. new[]
    {
        "{", "}", "[", "]", ":", ",", "\"", "'", "\\", "\\u", "\\ud800", "\\udc00", "\\u0000", "&a ", "*a", "<<: ", "!!str ", "!!binary ", "? ",
        "- ", "---\n", "...\n", "\n", "\t", " ", "#", "|", ">", "%YAML 1.1\n", "null", "true", "-1", "1e999", "99999999999999999999", "0x",
        "~", "=", "==", "!=", "!", " in ", " notin ", "(", ")", "/", "~1", "~0", "-", "$patch", "$retainKeys", "$setElementOrder/", "$deleteFromPrimitiveList/",
        "metadata", "labels", "name", "spec", "data", "kind", "apiVersion", "\u00ff", "\u00fc", "\ud83d\ude00", "%", "%00", "%ff", "&", "?", "op",
    }.Select(Encoding.UTF8.GetBytes), [0xff], [0xc3], [0x00], [0x7f]];

    private FuzzCorpus(string target, IReadOnlyList<(string Name, byte[] Bytes)> entries)
    {
        Target = target;
        Entries = entries;
    }

    /// <summary>The target's name (its folder).</summary>
    public string Target { get; }

    /// <summary>The corpus files, by name.</summary>
    public IReadOnlyList<(string Name, byte[] Bytes)> Entries { get; }

    /// <summary>Loads <paramref name="target"/>'s corpus from the test output.</summary>
    public static FuzzCorpus Load(string target)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", "kubernetes", target);
        Assert.True(Directory.Exists(folder), $"fuzz corpus {folder} is missing");
        var entries = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        Assert.NotEmpty(entries);
        return new FuzzCorpus(target, entries);
    }

    /// <summary>Inputs made from the corpus by one to six mutations (bit flips, splices of tokens and of other entries, cuts, repeats).</summary>
    public Gen<byte[]> Mutations()
    {
        var op = Gen.Select(Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, Tokens.Length - 1]);
        return Gen.Select(Gen.Int[0, Entries.Count - 1], op.Array[1, 6], (entry, ops) => Apply(Entries[entry].Bytes, ops));
    }

    /// <summary>Inputs as text (selectors, query strings, paths).</summary>
    public Gen<string> TextMutations() => Mutations().Select(b => Encoding.UTF8.GetString(b));

    private byte[] Apply(byte[] seed, (int Kind, int A, int B, int Token)[] ops)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, a, b, token) in ops)
        {
            var at = bytes.Count == 0 ? 0 : a % (bytes.Count + 1);
            var length = b % 16;
            var piece = Tokens[token];
            switch (kind)
            {
                case 0 when bytes.Count > 0: bytes[at % bytes.Count] ^= (byte)(1 << (b % 8)); break;
                case 1 when bytes.Count > 0: bytes[at % bytes.Count] = (byte)b; break;
                case 2: bytes.InsertRange(at, piece); break;
                case 3: bytes.RemoveRange(at, Math.Min(length, bytes.Count - at)); break;
                case 4 when bytes.Count > 0:
                    var from = b % bytes.Count;
                    bytes.InsertRange(at, bytes.GetRange(from, Math.Min(length + 1, bytes.Count - from)));
                    break;
                case 5:
                    bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                    bytes.InsertRange(at, piece);
                    break;
                case 6: bytes.RemoveRange(at, bytes.Count - at); break;
                case 7: bytes.Insert(at, (byte)b); break;
                case 8:
                    var other = Entries[b % Entries.Count].Bytes;
                    var start = other.Length == 0 ? 0 : a % other.Length;
                    bytes.RemoveRange(at, bytes.Count - at);
                    bytes.AddRange(other.AsSpan(start).ToArray());
                    break;
                case 9:
                    // Many copies of a token: deep nesting, long runs.
                    for (var i = 0; i < 1 + (b % 3000); i++) bytes.InsertRange(at, piece);
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>How a failing input is shown: as text with the unprintable escaped, cut to 2,000 characters.</summary>
    public static string Show(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var shown = new StringBuilder();
        foreach (var c in text.Length > 2000 ? text[..2000] : text)
            shown.Append(char.IsControl(c) && c != '\n' ? $"\\u{(int)c:x4}" : c.ToString());
        return $"{input.Length} bytes: {shown}";
    }
}
