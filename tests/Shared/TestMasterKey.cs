using System.Runtime.CompilerServices;

namespace Piksel.Testing;

/// <summary>
/// Points <c>PIKSEL_MASTER_KEY_FILE</c> at a master key of this test run's own before any test runs, so no test makes
/// or reads the user's key (under their home), and the AppHost processes tests start inherit it. Compiled into every
/// test project (tests/Directory.Build.props).
/// </summary>
internal static class TestMasterKey
{
    /// <summary>The key file of this run (made by the first emulator that needs it).</summary>
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void Use()
    {
        var directory = Directory.CreateTempSubdirectory("piksel-test-master-").FullName;
        Path = System.IO.Path.Combine(directory, "master.key");
        Environment.SetEnvironmentVariable("PIKSEL_MASTER_KEY_FILE", Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* a child process may still hold it; the temp folder is the system's to clean */ }
        };
    }
}
