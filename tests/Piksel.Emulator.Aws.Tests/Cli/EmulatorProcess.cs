using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piksel.Emulator.Aws.Tests.Cli;

/// <summary>`dotnet Piksel.AppHost.dll emulator aws …` as a child process, as a user runs it.</summary>
internal sealed partial class EmulatorProcess : IDisposable
{
    private readonly Process process;

    private EmulatorProcess(Process process, Uri endpoint, List<string> output)
    {
        this.process = process;
        Endpoint = endpoint;
        Output = output;
    }

    public Uri Endpoint { get; }

    public List<string> Output { get; }

    public Process Process => process;

    public static async Task<EmulatorProcess> StartAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Piksel.AppHost.dll"));
        foreach (var a in new[] { "emulator", "aws" }.Concat(arguments)) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var output = new List<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (ReadyLine().Match(e.Data) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("emulator exited before it was ready"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new EmulatorProcess(process, endpoint, output);
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C would stop it.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode;
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

    [GeneratedRegex(@"AWS emulator ready at (http://\S+)")]
    private static partial Regex ReadyLine();
}
