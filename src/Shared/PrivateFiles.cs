namespace Piksel.Shared;

/// <summary>
/// Files and directories only their owner may open: state, journals, keys, kubeconfigs and credential files. On Unix a
/// directory is created 0700 and a file 0600 by the call that creates it (the create mode, not a chmod afterwards, so
/// there is no moment in which another user could open it), and one an older version left wider is tightened when it
/// is next opened, or at start by <see cref="TightenTree"/>. On Windows the user profile's ACLs already do this job.
/// </summary>
/// <remarks>
/// One source file compiled into each project that writes such files (both emulators and the AppHost), so they follow
/// one rule without referencing each other.
/// </remarks>
internal static class PrivateFiles
{
    /// <summary>rwx for the owner alone.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner alone.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Every permission bit that lets someone other than the owner in.</summary>
    public const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (and any missing parent) owner-only; an existing directory is left as it is, since it
    /// may be shared (<c>/tmp</c>, a user's chosen kubeconfig folder). Use <see cref="EnsureOwnDirectory"/> for a
    /// directory that belongs to the emulator.
    /// </summary>
    public static string CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }
        // Directory.CreateDirectory(path, mode) gives the mode to the last directory only: make each missing one in turn.
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!) missing.Push(dir);
        while (missing.TryPop(out var dir)) Directory.CreateDirectory(dir, OwnerOnlyDirectory);
        return path;
    }

    /// <summary>Creates <paramref name="path"/> owner-only, or tightens it when it exists with group or other permissions.</summary>
    public static string EnsureOwnDirectory(string path)
    {
        var existed = Directory.Exists(path);
        CreateDirectory(path);
        if (existed && !OperatingSystem.IsWindows()) Tighten(path, File.GetUnixFileMode(path));
        return path;
    }

    /// <summary>
    /// Opens a file, creating it 0600 when <paramref name="mode"/> may create it; an existing file with wider permissions
    /// is tightened through the open handle.
    /// </summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share = FileShare.None, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var settings = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        var creates = mode is FileMode.CreateNew or FileMode.Create or FileMode.OpenOrCreate or FileMode.Append;
        if (!OperatingSystem.IsWindows() && creates && access != FileAccess.Read) settings.UnixCreateMode = OwnerOnlyFile;
        var stream = new FileStream(path, settings);
        if (!OperatingSystem.IsWindows())
        {
            var current = File.GetUnixFileMode(stream.SafeFileHandle);
            if ((current & GroupOrOther) != 0) File.SetUnixFileMode(stream.SafeFileHandle, current & ~GroupOrOther);
        }
        return stream;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> (created or truncated), owner-only.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        using var file = Open(path, FileMode.Create, FileAccess.Write);
        file.Write(content);
    }

    /// <summary>Writes UTF-8 <paramref name="text"/> to <paramref name="path"/> (created or truncated), owner-only.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes UTF-8 <paramref name="text"/> to <paramref name="path"/> (created or truncated), owner-only.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using var file = Open(path, FileMode.Create, FileAccess.Write, options: FileOptions.Asynchronous);
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> all at once (an owner-only temporary file, flushed to
    /// disk, then renamed over it), so a crash leaves the old file or the new one, never half of either.
    /// </summary>
    public static void ReplaceAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + ".tmp";
        using (var file = Open(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Takes group and other permissions off <paramref name="root"/> and everything under it (what an older version created
    /// 0755/0644). Symbolic links are not followed: they may point anywhere.
    /// </summary>
    public static void TightenTree(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root)) return;
        Tighten(root, File.GetUnixFileMode(root));
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0) continue;
            Tighten(entry.FullName, entry.UnixFileMode);
        }
    }

    private static void Tighten(string path, UnixFileMode current)
    {
        if (OperatingSystem.IsWindows() || (current & GroupOrOther) == 0) return;
        try
        {
            File.SetUnixFileMode(path, current & ~GroupOrOther);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException)
        {
            // Someone else's file, or gone meanwhile: nothing this process could tighten.
        }
    }
}
