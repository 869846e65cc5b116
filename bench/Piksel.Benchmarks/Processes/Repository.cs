using System.Diagnostics;

namespace Piksel.Benchmarks.Processes;

/// <summary>The repository the bench runs in, and Release builds of its projects (done before any timing starts).</summary>
internal static class Repository
{
    /// <summary>The folder holding Piksel.Platform.sln: searched upwards from the working directory, then from the bench's binaries.</summary>
    public static string Root { get; } = Find();

    /// <summary><c>dotnet build -c Release &lt;project&gt;</c>, failing with the build's output when it fails.</summary>
    public static async Task BuildReleaseAsync(string project)
    {
        Console.WriteLine($"building {project} (Release; not timed) …");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Root };
        foreach (var a in new[] { "build", "-c", "Release", "--nologo", "-v", "q", project }) info.ArgumentList.Add(a);
        var (_, exitCode, output) = await TimedProcess.RunToEndAsync(info, TimeSpan.FromMinutes(15));
        if (exitCode != 0)
            throw new InvalidOperationException($"dotnet build -c Release {project} failed ({exitCode}):\n{TimedProcess.Tail(output, 60)}");
    }

    /// <summary>A path under the repository root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the bench from inside the Piksel.Platform repository (no Piksel.Platform.sln found above the working directory).");
    }
}
