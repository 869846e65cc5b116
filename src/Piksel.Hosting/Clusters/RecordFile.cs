using System.Text.Json;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// One owner-only JSON file holding the record a cloud service would keep for resources the harness keeps itself (EKS's
/// for clusters it did not make, RDS's for the localstack provider): read whole with a size bound, replaced atomically on
/// every change (a crash leaves the record before or after a write, never half of one), in a 0700 directory.
/// </summary>
internal sealed class RecordFile
{
    private readonly long maxBytes;
    private readonly string what;

    /// <summary>The file <paramref name="path"/>, read up to <paramref name="maxBytes"/>; <paramref name="what"/> names it in errors ("the cluster record").</summary>
    public RecordFile(string path, long maxBytes, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        this.maxBytes = maxBytes;
        this.what = what;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// What <paramref name="parse"/> makes of the file, or <paramref name="empty"/> when there is none. Throws
    /// <see cref="InvalidDataException"/> when the file is larger than a record can be or is not JSON of the record's shape.
    /// </summary>
    public T Read<T>(Func<Stream, T?> parse, T empty)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (!File.Exists(Path)) return empty;
        using var file = PrivateFiles.Open(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (file.Length > maxBytes)
        {
            throw new InvalidDataException($"{what} {Path} is {file.Length} bytes, more than the {maxBytes} it can be; it is not one this harness wrote.");
        }

        try
        {
            return parse(file) ?? throw new InvalidDataException($"{what} {Path} is not the JSON this harness writes; move it aside to start a new record.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} {Path} is not valid JSON ({e.Message}); move it aside to start a new record.", e);
        }
    }

    /// <summary>Replaces the file with <paramref name="content"/> (its directory created owner-only first).</summary>
    public void Write(ReadOnlySpan<byte> content)
    {
        PrivateFiles.EnsureOwnDirectory(System.IO.Path.GetDirectoryName(Path)!);
        PrivateFiles.ReplaceAtomically(Path, content);
    }
}
