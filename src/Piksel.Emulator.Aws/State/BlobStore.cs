using System.Collections.Concurrent;

namespace Piksel.Emulator.Aws.State;

/// <summary>
/// Object bodies (S3 objects and parts) kept outside the journal: files under <c>blobs/</c> written and flushed
/// to disk before their id is returned, so a journal entry never points at a body that is not there. Owner-only, as the
/// rest of the state.
/// In memory when the store is not durable.
/// </summary>
public sealed class BlobStore
{
    private readonly string? directory;
    private readonly ConcurrentDictionary<string, byte[]> memory = new(StringComparer.Ordinal);

    /// <summary>Blobs for <paramref name="store"/>: on disk next to its journal when durable.</summary>
    public BlobStore(StateStore store)
    {
        if (store.DataDirectory is { } dir)
        {
            directory = PrivateFiles.EnsureOwnDirectory(Path.Combine(dir, "blobs"));
        }
    }

    /// <summary>Stores <paramref name="content"/> and returns its new id.</summary>
    public async Task<string> WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        if (directory is null)
        {
            memory[id] = content.ToArray();
            return id;
        }
        await using var file = PrivateFiles.Open(Path.Combine(directory, id), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await file.WriteAsync(content, cancellationToken);
        file.Flush(flushToDisk: true);
        return id;
    }

    /// <summary>Reads a whole blob.</summary>
    public async Task<byte[]> ReadAsync(string id, CancellationToken cancellationToken) =>
        directory is null
            ? memory.TryGetValue(id, out var bytes) ? bytes : throw new FileNotFoundException($"blob {id}")
            : await File.ReadAllBytesAsync(Path.Combine(directory, id), cancellationToken);

    /// <summary>Opens a blob for reading.</summary>
    public Stream OpenRead(string id) =>
        directory is null
            ? new MemoryStream(memory.TryGetValue(id, out var bytes) ? bytes : throw new FileNotFoundException($"blob {id}"), writable: false)
            : new FileStream(Path.Combine(directory, id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    /// <summary>Removes a blob once nothing refers to it any more.</summary>
    public void Delete(string id)
    {
        if (directory is null) memory.TryRemove(id, out _);
        else File.Delete(Path.Combine(directory, id));
    }
}
