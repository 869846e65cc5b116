using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// <c>up --fault …</c> as a user runs it: the faults are announced, the apply converges through them and its summary
/// counts the retries; a wrong rule stops <c>up</c> before anything starts. Runs on a free port of its own.
/// </summary>
public sealed class UpWithFaultsTests : IDisposable
{
    private readonly CliWorkDirectory work = new("up-faults");

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Up_applies_through_throttling_and_an_IAM_delay_and_says_how_often_it_retried()
    {
        using var up = await AppHostProcess.StartInAsync(work.Path, CliWorkDirectory.ReadyLine(), TimeSpan.FromMinutes(4),
            "up", "--port", CliWorkDirectory.FreePort(), "--fault", "every=3,error=throttling", "--fault", "iam-propagation=2000");
        var output = up.AllOutput;
        Assert.Contains("""Faults active: [{"every":3,"error":"throttling"},{"iamPropagation":{"delay":2000}}]""", output, StringComparison.Ordinal);
        var count = Piksel.Platform.Definition.PikselPlatform.Define(PlatformClients.LocalSettings()).Resources.Count;
        Assert.Matches($@"Applied {count} resources, {count} changed, [1-9][0-9]* retr(y|ies) \(", output);
        Assert.True(await up.InterruptAsync(TimeSpan.FromSeconds(30)) == 0, up.AllOutput);
    }

    [Fact]
    public async Task A_wrong_rule_stops_up_with_a_sentence()
    {
        var (exitCode, output, error) = await AppHostProcess.RunInAsync(work.Path, "up", "--port", CliWorkDirectory.FreePort(), "--fault", "probability=2");
        Assert.Equal(1, exitCode);
        Assert.Contains("probability must be between 0 and 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ready in", output, StringComparison.Ordinal);
    }
}
