namespace Piksel.Emulator.Aws.Tests.Rds.Servers;

/// <summary>
/// A root for test servers below an owner-only (0700) directory, as <c>.piksel</c> under <c>/root</c> is: when the tests
/// run as root, the unprivileged server user must still reach its data through it.
/// </summary>
internal sealed class ServerRoots : IDisposable
{
    public ServerRoots()
    {
        Parent = Path.Combine(Path.GetTempPath(), $"piksel-pg-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Root = Path.Combine(Parent, "servers");
    }

    /// <summary>The 0700 directory above the root.</summary>
    public string Parent { get; }

    /// <summary>Where the servers live (made by the servers themselves).</summary>
    public string Root { get; }

    public void Dispose()
    {
        if (Directory.Exists(Parent)) Directory.Delete(Parent, recursive: true);
    }
}
