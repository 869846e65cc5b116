using System.Diagnostics;
using System.Globalization;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// A PostgreSQL postmaster process: signalled by id, so one this emulator started and one left running by an earlier,
/// crashed run of it are stopped the same way. SIGINT is PostgreSQL's fast shutdown (sessions ended, a clean checkpoint);
/// SIGKILL follows when it has not exited within a bound.
/// </summary>
internal static class Postmaster
{
    /// <summary>How long a fast shutdown may take before the process is killed.</summary>
    public static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(15);

    /// <summary>Whether a process with <paramref name="pid"/> exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // "pid (comm) state …": the state follows the last ')' since comm may hold spaces and parentheses.
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return !state.StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="pid"/> is a postmaster serving <paramref name="dataDirectory"/> (its working directory).</summary>
    public static bool Serves(int pid, string dataDirectory)
    {
        if (!IsAlive(pid)) return false;
        try
        {
            // The postmaster chdirs into its data directory; any other process that happens to reuse the id does not.
            var cwd = new DirectoryInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
            return cwd is not null && Path.TrimEndingDirectorySeparator(cwd) == Path.TrimEndingDirectorySeparator(dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Fast shutdown of <paramref name="pid"/>, then SIGKILL after <see cref="ShutdownBound"/>; returns once it is gone.</summary>
    public static async Task StopAsync(int pid, Process? child, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IsAlive(pid)) return;
        await SignalAsync("INT", pid);
        if (!await ExitedAsync(pid, child, ShutdownBound, time, cancellationToken))
        {
            await SignalAsync("KILL", pid);
            await ExitedAsync(pid, child, ShutdownBound, time, cancellationToken);
        }
    }

    private static async Task<bool> ExitedAsync(int pid, Process? child, TimeSpan bound, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < bound)
        {
            // A child of this process must be reaped (WaitForExit) or it stays a zombie; another's is reaped by its parent or init.
            if (child is not null ? child.HasExited : !IsAlive(pid)) return true;
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
        return child is not null ? child.HasExited : !IsAlive(pid);
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        // The kill command rather than a P/Invoke: one process per stop is nothing next to a server's shutdown.
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true })!;
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
    }
}
