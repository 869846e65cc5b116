using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Piksel.AppHost.UnitTests;

/// <summary>
/// <c>dotnet Piksel.AppHost.dll</c> in Aspire mode (no verb, CI unset), as a user runs it from a folder holding env/:
/// SIGTERM and SIGINT stop it with every process it started (the orchestrator, the dashboard, PostgreSQL) and keep the
/// state for the next start.
/// </summary>
public sealed partial class AspireStopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(SkipUnless = nameof(OrchestrationInstalled), Skip = "the Aspire orchestrator (dcp) is not installed: its package is not in the NuGet cache")]
    public async Task Sigterm_stops_every_process_it_started_and_keeps_the_state()
    {
        var (exitCode, output, descendants, folder) = await RunAndStopAsync("TERM");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.Contains("Piksel local stopped.", output, StringComparison.Ordinal);
        Assert.NotEmpty(descendants);
        var left = await StillAliveAsync(descendants);
        Assert.True(left.Count == 0, $"left running: {string.Join(", ", left)}");
        Assert.True(Directory.Exists(Path.Combine(folder, ".piksel", "local", "state")), "the state is kept");
        Assert.True(File.Exists(Path.Combine(folder, ".piksel", "local", "aws.env")));
    }

    [Fact(SkipUnless = nameof(OrchestrationInstalled), Skip = "the Aspire orchestrator (dcp) is not installed: its package is not in the NuGet cache")]
    public async Task Sigint_from_a_terminal_stops_everything_too()
    {
        var (_, output, descendants, _) = await RunAndStopAsync("INT");

        Assert.Contains("Piksel local stopped.", output, StringComparison.Ordinal);
        var left = await StillAliveAsync(descendants);
        Assert.True(left.Count == 0, $"left running: {string.Join(", ", left)}");
    }

    /// <summary>Whether the Aspire app can run here: the orchestrator (dcp) the AppHost's metadata names exists.</summary>
    public static bool OrchestrationInstalled =>
        typeof(Piksel.AppHost.AppModel.PikselResource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key.Equals("dcpclipath", StringComparison.OrdinalIgnoreCase))?.Value is { } dcp && File.Exists(dcp);

    private static async Task<(int ExitCode, string Output, IReadOnlyList<(int Pid, string Name)> Descendants, string Folder)> RunAndStopAsync(string signal)
    {
        var folder = Directory.CreateTempSubdirectory("piksel-aspire-stop-").FullName;
        CopyDirectory(Path.Combine(AppliedEnvironment.RepositoryRoot(), "env"), Path.Combine(folder, "env"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Piksel.AppHost.dll"));
        info.ArgumentList.Add("up");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        info.Environment.Remove("CI");
        // Ports of this run's own, so a developer's running dashboard (15888…) is not in the way.
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        using var process = Process.Start(info)!;
        var lines = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (e.Data.Contains("dashboard: http", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add("stderr: " + e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("exited before ready"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            try { await ready.Task.WaitAsync(TimeSpan.FromMinutes(3), Ct); }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                Assert.Fail($"not ready ({e.Message}):\n{Text(lines)}");
            }

            Assert.Matches(ReadyLine(), Text(lines));
            var descendants = Descendants(process.Id);
            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(Ct);
            await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
            process.WaitForExit();
            return (process.ExitCode, Text(lines), descendants, folder);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The processes under <paramref name="root"/> (from /proc: each one's parent), with their names.</summary>
    private static List<(int Pid, string Name)> Descendants(int root)
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                parents[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), stat[(stat.IndexOf('(') + 1)..close]);
            }
            catch (IOException) { }
        }
        var found = new List<(int, string)>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var (pid, (ppid, name)) in parents)
            {
                if (ppid != parent) continue;
                found.Add((pid, name));
                queue.Enqueue(pid);
            }
        }
        return found;
    }

    /// <summary>Those of <paramref name="processes"/> still alive after a grace of a few seconds (a process reaped by then is gone).</summary>
    private static async Task<List<string>> StillAliveAsync(IReadOnlyList<(int Pid, string Name)> processes)
    {
        List<string> alive = [];
        for (var i = 0; i < 50; i++)
        {
            alive = [.. processes.Where(p => IsAlive(p.Pid, p.Name)).Select(p => $"{p.Name} ({p.Pid})")];
            if (alive.Count == 0) break;
            await Task.Delay(100, Ct);
        }
        return alive;
    }

    private static bool IsAlive(int pid, string name)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Same pid, same name, not a zombie awaiting its reaper.
            return stat.Contains($"({name})", StringComparison.Ordinal) && stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    private static string Text(List<string> lines)
    {
        lock (lines) return string.Join('\n', lines);
    }

    [GeneratedRegex(@"Piksel local ready in [0-9.]+ s: AWS http://\S+")]
    private static partial Regex ReadyLine();
}
