using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// What the start benchmarks share: a process timed from start to its ready line and then stopped as Ctrl+C stops it,
/// a working folder holding a copy of the repository's <c>env/</c>, and free loopback ports.
/// </summary>
internal static class ReadyTiming
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Starts <paramref name="info"/>, waits for <paramref name="ready"/>, stops it; milliseconds to ready and the first line matching <paramref name="also"/>.</summary>
    public static async Task<(double Milliseconds, string? Line)> TimeAsync(ProcessStartInfo info, Regex ready, Regex? also = null)
    {
        using var process = await TimedProcess.StartAsync(info, ready, ReadyTimeout);
        var line = also is null ? null : process.FirstLine(also);
        var (took, exitCode) = await process.StopAsync();
        if (exitCode != 0) Console.Error.WriteLine($"  ({info.ArgumentList.FirstOrDefault() ?? info.FileName} exited with {exitCode} after SIGINT, {took.TotalMilliseconds:F0} ms)");
        return (process.ReadyAfter.TotalMilliseconds, line);
    }

    /// <summary>A new temporary directory holding a copy of the repository's env/ (the AppHost reads env/&lt;env&gt;.json and writes .piksel/ there).</summary>
    public static string FreshWorkingDirectory(string purpose)
    {
        var dir = Directory.CreateTempSubdirectory($"piksel-{purpose}-").FullName;
        var env = Directory.CreateDirectory(Path.Combine(dir, "env"));
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("env")))
            File.Copy(file, Path.Combine(env.FullName, Path.GetFileName(file)));
        return dir;
    }

    /// <summary>A loopback port free right now (the AppHost's default 4566 may be taken by a developer's own environment).</summary>
    public static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
