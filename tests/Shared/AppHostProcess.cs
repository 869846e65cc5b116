using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piksel.Testing;

/// <summary>`dotnet Piksel.AppHost.dll &lt;verb…&gt;` as a child process, as a user runs it (shared by the test projects that reference AppHost).</summary>
internal sealed class AppHostProcess : IDisposable
{
    private readonly Process process;

    private AppHostProcess(Process process, Uri endpoint, List<string> output)
    {
        this.process = process;
        Endpoint = endpoint;
        Output = output;
    }

    /// <summary>The endpoint the ready line announced.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every line written so far (stderr lines prefixed).</summary>
    public List<string> Output { get; }

    /// <summary>The output as one text.</summary>
    public string AllOutput
    {
        get { lock (Output) return string.Join('\n', Output); }
    }

    /// <summary>Starts the command and returns once a line matches <paramref name="readyLine"/> (its first group is the endpoint).</summary>
    public static Task<AppHostProcess> StartAsync(Regex readyLine, params string[] arguments) =>
        StartInAsync(null, readyLine, TimeSpan.FromSeconds(60), arguments);

    /// <summary>
    /// Starts the command in <paramref name="workingDirectory"/> (current when null) and returns once a line matches
    /// <paramref name="readyLine"/>, waiting at most <paramref name="readyTimeout"/>.
    /// </summary>
    public static async Task<AppHostProcess> StartInAsync(string? workingDirectory, Regex readyLine, TimeSpan readyTimeout, params string[] arguments)
    {
        var info = Info(arguments);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        var process = Process.Start(info)!;
        var output = new List<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (readyLine.Match(e.Data) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the process exited before it was ready: " + string.Join('\n', output)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Uri endpoint;
        try { endpoint = await ready.Task.WaitAsync(readyTimeout); }
        catch (TimeoutException)
        {
            if (!process.HasExited) process.Kill();
            process.Dispose();
            throw new TimeoutException($"not ready within {readyTimeout}: " + string.Join('\n', output));
        }
        return new AppHostProcess(process, endpoint, output);
    }

    /// <summary>Runs the command to its end: exit code, standard output and standard error.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => RunInAsync(null, arguments);

    /// <summary>Runs the command to its end in <paramref name="workingDirectory"/> (where it finds env/ and writes .piksel/).</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunInAsync(string? workingDirectory, params string[] arguments) =>
        RunInAsync(workingDirectory, null, arguments);

    /// <summary>Runs the command to its end in <paramref name="workingDirectory"/> with <paramref name="environment"/> added to its environment.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunInAsync(
        string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = Info(arguments);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo Info(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // As a script or CI runs it: `up` without a terminal's dashboard (the Aspire app is tested through its own tests).
        info.Environment["CI"] = "true";
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Piksel.AppHost.dll"));
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C would stop it; the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode;
    }

    /// <summary>
    /// SIGINT, as Ctrl+C in a terminal sends it; SIGKILL when the process has not exited after <paramref name="grace"/>.
    /// The exit code, or null when it had to be killed.
    /// </summary>
    public async Task<int?> InterruptAsync(TimeSpan grace)
    {
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace);
            return process.ExitCode;
        }
        catch (TimeoutException)
        {
            Crash();
            return null;
        }
    }

    /// <summary>SIGKILL: no chance to flush or close anything.</summary>
    public void Crash()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.Dispose();
    }
}
