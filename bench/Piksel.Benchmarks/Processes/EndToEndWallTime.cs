using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piksel.Benchmarks.Processes;

/// <summary>
/// <c>e2e-walltime</c>: the wall time of the end-to-end suite (tests/Piksel.EndToEnd.Tests, Release, run by its own
/// xunit v3 in-process runner as a process), against the same executable filtered to no test at all in the same run —
/// the runner's own start, discovery and teardown — and the difference, the suite's net time.
/// </summary>
internal static partial class EndToEndWallTime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static async Task RunAsync()
    {
        var project = Path.Combine("tests", "Piksel.EndToEnd.Tests");
        await Repository.BuildReleaseAsync(project);
        var executable = Repository.PathOf(project, "bin", "Release", "net10.0", "Piksel.EndToEnd.Tests");

        // -method with a name no test has: the runner starts, discovers, runs nothing and exits 0.
        var (baseline, baselineExit, baselineOutput) = await RunAsync(executable, "-method", "NoSuchTest");
        if (baselineExit != 0) throw new InvalidOperationException($"the empty run exited with {baselineExit}:\n{TimedProcess.Tail(baselineOutput)}");
        var (suite, suiteExit, suiteOutput) = await RunAsync(executable);

        var summary = suiteOutput.LastOrDefault(line => Summary().IsMatch(line))?.Trim() ?? "no summary line";
        var total = Summary().Match(summary) is { Success: true } m ? m.Groups["total"].Value : "?";
        Console.WriteLine($"runner summary: {summary}");
        if (suiteExit != 0) Console.WriteLine($"the suite exited with {suiteExit} (failures above count in its time):\n{TimedProcess.Tail(suiteOutput, 60)}");
        Console.WriteLine($"e2e-walltime: suite {suite.TotalSeconds:F1} s ({total} tests, exit {suiteExit}), runner alone {baseline.TotalSeconds:F2} s, net {(suite - baseline).TotalSeconds:F1} s");
    }

    private static async Task<(TimeSpan WallTime, int ExitCode, List<string> Output)> RunAsync(string executable, params string[] filter)
    {
        var info = new ProcessStartInfo(executable) { WorkingDirectory = Path.GetDirectoryName(executable)! };
        info.ArgumentList.Add("-noColor");
        foreach (var a in filter) info.ArgumentList.Add(a);
        return await TimedProcess.RunToEndAsync(info, Timeout);
    }

    /// <summary>The runner's last line, e.g. <c>Piksel.EndToEnd.Tests  Total: 41, Errors: 0, Failed: 0, Skipped: 0, …</c>.</summary>
    [GeneratedRegex(@"Total: (?<total>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Summary();
}
