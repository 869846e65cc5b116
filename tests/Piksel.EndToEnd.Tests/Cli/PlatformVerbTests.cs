using Piksel.EndToEnd.Tests.Infrastructure;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// `plan`, `apply` and `destroy` as a user runs them, each in its own process: state under .piksel/&lt;env&gt;/state carries
/// what one command made to the next, and `plan --detailed-exitcode` answers as Terraform does (0 nothing, 2 changes, 1 error).
/// </summary>
public sealed class PlatformVerbTests : IDisposable
{
    private readonly CliWorkDirectory work = new("verbs");

    private string WorkDir => work.Path;

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Plan_apply_plan_destroy_across_processes()
    {
        var first = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(2, first.ExitCode);
        var count = Piksel.Platform.Definition.PikselPlatform.Define(PlatformClients.LocalSettings()).Resources.Count;
        Assert.Contains($"Plan: {count} to add", first.Output, StringComparison.Ordinal);
        // Secret values never print: the manual ones from env/local.json are redacted, generated ones are unknown.
        Assert.Contains("(sensitive value)", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("local-argo-client-secret", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("localwebhookplaceholder", first.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("apply")).ExitCode);
        var again = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.", again.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("destroy")).ExitCode);
        Assert.Equal(2, (await RunAsync("plan", "--detailed-exitcode")).ExitCode);
    }

    [Fact]
    public async Task A_bad_environment_or_provider_is_exit_1_with_one_sentence()
    {
        var missing = await RunAsync("plan", "--env", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("env/nope.json", missing.Output, StringComparison.Ordinal);
        // aws and existing are wired up now; a provider that does not exist is still one sentence.
        var provider = await RunAsync("plan", "--provider", "nope");
        Assert.Equal(1, provider.ExitCode);
        Assert.Contains("accepted values: embedded, localstack, existing, aws.", provider.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_PostgreSQL_up_stops_at_once_saying_what_to_install_and_makes_nothing()
    {
        var empty = Directory.CreateDirectory(Path.Combine(WorkDir, "no-postgres")).FullName;
        var (exitCode, output, error) = await Piksel.Testing.AppHostProcess.RunInAsync(
            WorkDir, new Dictionary<string, string> { ["PIKSEL_POSTGRES_BIN"] = empty }, "up", "--port", CliWorkDirectory.FreePort());
        Assert.Equal(1, exitCode);
        Assert.Contains("PostgreSQL server binaries not found", error, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.False(Directory.Exists(Path.Combine(WorkDir, ".piksel")), "nothing may be made when PostgreSQL is missing");

        var (applyExit, _, applyError) = await Piksel.Testing.AppHostProcess.RunInAsync(
            WorkDir, new Dictionary<string, string> { ["PIKSEL_POSTGRES_BIN"] = empty }, "apply");
        Assert.Equal(1, applyExit);
        Assert.Contains("PostgreSQL server binaries not found", applyError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(WorkDir, ".piksel", "local", "state")), "apply made state without PostgreSQL");
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await Piksel.Testing.AppHostProcess.RunInAsync(WorkDir, arguments);
        return (exitCode, output + error);
    }
}
