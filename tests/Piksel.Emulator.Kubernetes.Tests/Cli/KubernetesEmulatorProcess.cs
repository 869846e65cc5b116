using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piksel.Emulator.Kubernetes.Tests.Cli;

/// <summary>`dotnet Piksel.AppHost.dll emulator kubernetes …` as a child process, as a user runs it.</summary>
internal sealed partial class KubernetesEmulatorProcess : IDisposable
{
    private readonly Process process;

    private KubernetesEmulatorProcess(Process process, Uri endpoint, List<string> output)
    {
        this.process = process;
        Endpoint = endpoint;
        Output = output;
    }

    public Uri Endpoint { get; }

    public List<string> Output { get; }

    public string AllOutput
    {
        get { lock (Output) return string.Join('\n', Output); }
    }

    public static async Task<KubernetesEmulatorProcess> StartAsync(params string[] arguments)
    {
        var process = Process.Start(Info(arguments))!;
        var output = new List<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (ReadyLine().Match(e.Data) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("emulator exited before it was ready: " + string.Join('\n', output)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new KubernetesEmulatorProcess(process, endpoint, output);
    }

    /// <summary>Runs the command to its end: exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(Info(arguments))!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (process.ExitCode, await error);
    }

    private static ProcessStartInfo Info(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Piksel.AppHost.dll"));
        foreach (var a in new[] { "emulator", "kubernetes" }.Concat(arguments)) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C would stop it.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.Dispose();
    }

    [GeneratedRegex(@"Kubernetes emulator ready at (https://\S+)")]
    private static partial Regex ReadyLine();
}
