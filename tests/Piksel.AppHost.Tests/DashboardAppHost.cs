using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Piksel.AppHost.Tests;

/// <summary>
/// <c>dotnet Piksel.AppHost.dll</c> with no verb, as a user runs it: the Aspire app with its dashboard, in a folder of
/// its own, the dashboard, its OTLP and resource-service endpoints and the AWS endpoint on free ports.
/// </summary>
internal sealed partial class DashboardAppHost : IDisposable
{
    private readonly Process process;
    private readonly List<string> output;

    private DashboardAppHost(Process process, List<string> output, Uri loginUrl)
    {
        this.process = process;
        this.output = output;
        LoginUrl = loginUrl;
    }

    /// <summary>The dashboard's login link, as the ready output prints it.</summary>
    public Uri LoginUrl { get; }

    /// <summary>Everything written so far.</summary>
    public string Output
    {
        get { lock (output) return string.Join('\n', output); }
    }

    /// <summary>Starts the AppHost in <paramref name="work"/> and returns once it printed the dashboard link.</summary>
    public static async Task<DashboardAppHost> StartAsync(string work, TimeSpan readyTimeout)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Piksel.AppHost.dll"));
        // CI=true would make it headless: this test is of the dashboard.
        info.Environment.Remove("CI");
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        info.Environment["AppHost__AwsPort"] = "0";
        var process = Process.Start(info)!;
        var output = new List<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (DashboardLine().Match(e.Data) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the AppHost exited before it was ready:\n" + string.Join('\n', output)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new DashboardAppHost(process, output, await ready.Task.WaitAsync(readyTimeout));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new TimeoutException($"no dashboard link within {readyTimeout}:\n" + string.Join('\n', output));
        }
    }

    /// <summary>
    /// Every process the AppHost started, with their command lines: its descendants (the database servers) and the
    /// orchestrator's tree (dcp detaches from the AppHost and watches it with <c>--monitor &lt;pid&gt;</c>; the dashboard runs under it).
    /// </summary>
    public IReadOnlyDictionary<int, string> Descendants()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { /* gone meanwhile */ }
        }

        var found = new Dictionary<int, string>();
        var monitor = $"--monitor {process.Id.ToString(CultureInfo.InvariantCulture)} ";
        var frontier = new Queue<int>([process.Id]);
        foreach (var pid in parents.Keys.Where(pid => (CommandLine(pid) + " ").Contains(monitor, StringComparison.Ordinal)))
        {
            found[pid] = CommandLine(pid) ?? "";
            frontier.Enqueue(pid);
        }
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, _) in parents.Where(p => p.Value == parent))
            {
                found[pid] = CommandLine(pid) ?? "";
                frontier.Enqueue(pid);
            }
        }
        return found;
    }

    /// <summary>The command line of <paramref name="pid"/>, or null when no such process runs.</summary>
    public static string? CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// <c>explain &lt;request id&gt;</c> run as the user runs it beside the environment (another process, in the same
    /// folder); its output, or an exception with its error output when it fails.
    /// </summary>
    public async Task<string> ExplainAsync(string requestId)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = process.StartInfo.WorkingDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Piksel.AppHost.dll"));
        info.ArgumentList.Add("explain");
        info.ArgumentList.Add(requestId);
        using var explain = Process.Start(info)!;
        var output = explain.StandardOutput.ReadToEndAsync();
        var error = explain.StandardError.ReadToEndAsync();
        await explain.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return explain.ExitCode == 0 ? await output : throw new InvalidOperationException($"explain exited {explain.ExitCode}: {await error}");
    }

    /// <summary>SIGTERM, as a service manager stops it; the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan grace)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(grace);
        return process.ExitCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"dashboard: (http://\S+)")]
    private static partial Regex DashboardLine();
}
