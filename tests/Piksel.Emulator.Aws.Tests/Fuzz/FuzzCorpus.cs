using System.Text;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>One corpus file: its name and bytes, and for formats with a first line (route, target) both halves.</summary>
internal sealed record CorpusEntry(string Name, byte[] Content)
{
    /// <summary>The first line (without its newline).</summary>
    public string Head => Encoding.UTF8.GetString(Content.AsSpan(0, Newline < 0 ? Content.Length : Newline)).TrimEnd('\r');

    /// <summary>Everything after the first line.</summary>
    public byte[] Body => Newline < 0 ? [] : Content[(Newline + 1)..];

    private int Newline => Array.IndexOf(Content, (byte)'\n');
}

/// <summary>
/// The corpus kept in the repository (tests/fuzz-corpus/aws/&lt;target&gt;/, copied beside the tests at build): seed inputs
/// the mutators start from and inputs that once failed, all replayed before any mutation.
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>Every file of <paramref name="target"/>, in name order; throws when there is none (a corpus that did not travel).</summary>
    public static IReadOnlyList<CorpusEntry> Load(string target)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", "aws", target);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0) throw new InvalidOperationException($"The fuzz corpus '{target}' is missing from {folder}: check the test project copies tests/fuzz-corpus/aws.");
        return [.. files.Select(f => new CorpusEntry(Path.GetFileName(f), File.ReadAllBytes(f)))];
    }
}
