namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string EnvDirectory => Path.Combine(Root, "env");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Piksel.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
