using System.Text.Json;
using Piksel.Hosting.Clusters;
using Piksel.Shared;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// The records RDS would keep for the <c>localstack</c> provider, whose LocalStack (community) has no RDS: subnet groups,
/// parameter groups and instances by account and name, in one owner-only JSON file under the provider's state directory,
/// replaced atomically on every change so a crash keeps the last acknowledged record.
/// </summary>
internal sealed class ContainerRdsRecords : IDisposable
{
    /// <summary>The largest record file read (a platform records a handful of RDS resources, a few KiB).</summary>
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly RecordFile file;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Records kept in <c>rds.json</c> under <paramref name="directory"/> (created owner-only).</summary>
    public ContainerRdsRecords(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        PrivateFiles.CreateDirectory(directory);
        file = new RecordFile(Path.Combine(directory, "rds.json"), MaxFileBytes, "The RDS record");
    }

    /// <summary>What the file holds now.</summary>
    public async Task<RdsRecordSet> ReadAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return Load();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Applies <paramref name="change"/> to the records and writes them before returning what it answered.</summary>
    public async Task<T> UpdateAsync<T>(Func<RdsRecordSet, (RdsRecordSet Records, T Answer)> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (records, answer) = change(Load());
            file.Write(JsonSerializer.SerializeToUtf8Bytes(records, Json));
            return answer;
        }
        finally
        {
            gate.Release();
        }
    }

    // The file is a few KiB: read whole under the lock.
    private RdsRecordSet Load() => file.Read(stream => JsonSerializer.Deserialize<RdsRecordSet>(stream, Json), RdsRecordSet.Empty);

    /// <summary>Releases the lock.</summary>
    public void Dispose() => gate.Dispose();
}
