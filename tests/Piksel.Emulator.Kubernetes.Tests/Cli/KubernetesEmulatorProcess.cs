using System.Text.RegularExpressions;
using Piksel.Testing;

namespace Piksel.Emulator.Kubernetes.Tests.Cli;

/// <summary>`dotnet Piksel.AppHost.dll emulator kubernetes …` as a child process, as a user runs it.</summary>
internal static partial class KubernetesEmulatorProcess
{
    public static Task<AppHostProcess> StartAsync(params string[] arguments) => AppHostProcess.StartAsync(ReadyLine(), ["emulator", "kubernetes", .. arguments]);

    /// <summary>Runs the command to its end: exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] arguments)
    {
        var (exitCode, _, error) = await AppHostProcess.RunAsync(["emulator", "kubernetes", .. arguments]);
        return (exitCode, error);
    }

    [GeneratedRegex(@"Kubernetes emulator ready at (https://\S+)")]
    private static partial Regex ReadyLine();
}
