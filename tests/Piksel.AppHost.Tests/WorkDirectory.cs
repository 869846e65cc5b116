namespace Piksel.AppHost.Tests;

/// <summary>
/// A temporary folder holding a copy of the repository's <c>env/</c>: the AppHost finds <c>env/</c> and writes
/// <c>.piksel/</c> where it runs, so a test's environment never meets a developer's running one.
/// </summary>
internal static class WorkDirectory
{
    /// <summary>Makes the folder and copies <c>env/*.json</c> into it.</summary>
    public static string Create()
    {
        var work = Directory.CreateTempSubdirectory("piksel-apphost-test-").FullName;
        var env = Directory.CreateDirectory(Path.Combine(work, "env")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "env"), "*.json"))
        {
            File.Copy(file, Path.Combine(env, Path.GetFileName(file)));
        }
        return work;
    }

    /// <summary>Removes the folder, as far as nothing holds it any more.</summary>
    public static void Delete(string work)
    {
        try { Directory.Delete(work, recursive: true); }
        catch (IOException) { /* a stopped database server may still be letting go: the temp folder is the system's to clean */ }
        catch (UnauthorizedAccessException) { /* as above */ }
    }

    /// <summary>The folder holding Piksel.Platform.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Piksel.Platform.sln above {AppContext.BaseDirectory}.");
    }
}
