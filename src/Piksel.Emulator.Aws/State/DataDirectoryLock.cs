using System.Globalization;

namespace Piksel.Emulator.Aws.State;

/// <summary>
/// The exclusive hold of one process on a data directory (an OS file lock on <c>lock</c>, released when the process
/// ends, even by SIGKILL): two emulators appending to one journal would corrupt it, so the second is refused and told
/// which process holds the directory.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private const string FileName = "lock";
    private const string OwnerFileName = "lock.owner";

    private readonly FileStream file;

    private DataDirectoryLock(FileStream file) => this.file = file;

    /// <summary>Takes the directory's lock, or throws <see cref="DataDirectoryInUseException"/>.</summary>
    public static DataDirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            file = PrivateFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        }
        catch (IOException e)
        {
            throw new DataDirectoryInUseException(directory, Owner(Path.Combine(directory, OwnerFileName)), e);
        }

        // The lock file itself cannot be read while held, so the holder names itself in a file beside it.
        PrivateFiles.WriteAllText(Path.Combine(directory, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new DataDirectoryLock(file);
    }

    /// <inheritdoc />
    public void Dispose() => file.Dispose();

    /// <summary>The process id the holder wrote, when it can be read.</summary>
    private static int? Owner(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Another process (or another emulator in this one) holds the data directory.</summary>
public sealed class DataDirectoryInUseException(string directory, int? ownerProcessId, Exception inner)
    : IOException($"The data directory {directory} is in use by {(ownerProcessId is { } pid ? $"process {pid}" : "another process")}; only one emulator may hold it at a time.", inner)
{
    /// <summary>The directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The holder's process id, when it wrote one.</summary>
    public int? OwnerProcessId { get; } = ownerProcessId;
}
