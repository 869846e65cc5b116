using System.Text.RegularExpressions;
using Piksel.Testing;

namespace Piksel.Emulator.Aws.Tests.Cli;

/// <summary>`dotnet Piksel.AppHost.dll emulator aws …` as a child process, as a user runs it.</summary>
internal static partial class EmulatorProcess
{
    public static Task<AppHostProcess> StartAsync(params string[] arguments) => AppHostProcess.StartAsync(ReadyLine(), ["emulator", "aws", .. arguments]);

    [GeneratedRegex(@"AWS emulator ready at (http://\S+)")]
    private static partial Regex ReadyLine();
}
