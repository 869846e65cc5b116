using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// A child process timed from just before <see cref="Process.Start()"/> to the first standard-output line that matches
/// its ready line, then stopped with SIGINT as Ctrl+C would stop it.
/// </summary>
internal sealed class TimedProcess : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly Process process;
    private readonly List<string> output;

    private TimedProcess(Process process, List<string> output, TimeSpan readyAfter)
    {
        this.process = process;
        this.output = output;
        ReadyAfter = readyAfter;
    }

    /// <summary>From process start to the ready line.</summary>
    public TimeSpan ReadyAfter { get; }

    /// <summary>The first output line matching <paramref name="pattern"/>, if any so far.</summary>
    public string? FirstLine(Regex pattern)
    {
        lock (output) return output.FirstOrDefault(pattern.IsMatch);
    }

    /// <summary>Starts <paramref name="info"/> and returns once a standard-output line matches <paramref name="readyLine"/>.</summary>
    public static async Task<TimedProcess> StartAsync(ProcessStartInfo info, Regex readyLine, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var output = new List<string>();
        var ready = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            // Read the clock first: the line's arrival is the moment being measured.
            var at = clock.Elapsed;
            lock (output) output.Add(e.Data);
            if (readyLine.IsMatch(e.Data)) ready.TrySetResult(at);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"{Describe(info)} exited with {process.ExitCode} before its ready line:\n{Tail(output)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new TimedProcess(process, output, await ready.Task.WaitAsync(timeout));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(info)} printed no ready line within {timeout.TotalSeconds:F0} s:\n{Tail(output)}");
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGINT, then waits up to 20 s for the exit (SIGKILL after that); the time the stop took and the exit code.</summary>
    public async Task<(TimeSpan Took, int ExitCode)> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(StopGrace);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"  (pid {process.Id} did not stop within {StopGrace.TotalSeconds:F0} s of SIGINT: killed)");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return (clock.Elapsed, process.ExitCode);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    /// <summary>Runs <paramref name="info"/> to its end: wall time from start to exit, exit code and every line (stderr prefixed).</summary>
    public static async Task<(TimeSpan WallTime, int ExitCode, List<string> Output)> RunToEndAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var output = new List<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(info)} did not finish within {timeout.TotalMinutes:F0} min:\n{Tail(output)}");
        }
        var wallTime = clock.Elapsed;
        // WaitForExitAsync also waits for the redirected streams' end, so every line is in.
        return (wallTime, process.ExitCode, output);
    }

    private static string Describe(ProcessStartInfo info) => string.Join(' ', [info.FileName, .. info.ArgumentList]);

    /// <summary>The last lines of the output, for an error message.</summary>
    public static string Tail(List<string> output, int lines = 30)
    {
        lock (output) return string.Join('\n', output.TakeLast(lines));
    }
}
