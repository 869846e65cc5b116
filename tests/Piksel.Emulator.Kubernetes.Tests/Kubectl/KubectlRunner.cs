using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>What one kubectl run printed and how it ended.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs one kubectl version against a kubeconfig with its own discovery cache; every run has a timeout so a hang fails.</summary>
public sealed class KubectlRunner(string version, string kubeconfig) : IDisposable
{
    private readonly string cacheDir = Directory.CreateTempSubdirectory("piksel-kubectl-cache-").FullName;

    /// <summary>The kubectl version this runner drives.</summary>
    public string Version { get; } = version;

    /// <summary>Runs kubectl with <paramref name="args"/> (and <paramref name="stdin"/>), waiting at most <paramref name="timeout"/> (60 s).</summary>
    public async Task<KubectlResult> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, redirectStdin: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in time\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl with the given arguments.</summary>
    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    /// <summary>Starts a long-running kubectl (<c>get --watch</c>) whose stdout lines arrive on a channel; dispose to kill it.</summary>
    public RunningKubectl StartStreaming(params string[] args)
    {
        var process = Start(args, redirectStdin: false);
        return new RunningKubectl(process);
    }

    private Process Start(IEnumerable<string> args, bool redirectStdin)
    {
        var info = new ProcessStartInfo(KubectlBinaries.Find(Version) ?? throw new InvalidOperationException($"kubectl.{Version} is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cacheDir);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["KUBECTL_COMMAND_HEADERS"] = "false";
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }

    public void Dispose()
    {
        try { Directory.Delete(cacheDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A kubectl that keeps running (a watch): its stdout lines as they come; disposing kills it.</summary>
public sealed class RunningKubectl : IDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder stderr = new();

    internal RunningKubectl(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lines.Writer.TryWrite(line); else lines.Writer.TryComplete(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (stderr) stderr.AppendLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What kubectl wrote to stderr so far.</summary>
    public string Stderr { get { lock (stderr) return stderr.ToString(); } }

    /// <summary>Waits for a stdout line containing <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = new StringBuilder();
        try
        {
            while (await lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (lines.Reader.TryRead(out var line))
                {
                    seen.AppendLine(line);
                    if (line.Contains(text, StringComparison.Ordinal)) return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new TimeoutException($"no line with \"{text}\"\n--- stdout\n{seen}\n--- stderr\n{Stderr}");
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
        process.Dispose();
    }
}
