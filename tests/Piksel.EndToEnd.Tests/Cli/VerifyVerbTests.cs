using System.Text.RegularExpressions;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// <c>verify</c> as a user runs it: after <c>apply</c> on its own (the clock of its in-process emulator can move, so
/// expired tokens are checked too), and beside a running <c>up</c>, through that process's endpoint rather than its
/// state files, which one process holds at a time.
/// </summary>
public sealed class VerifyVerbTests : IDisposable
{
    private readonly CliWorkDirectory work = new("verify");

    private string WorkDir => work.Path;

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Verify_after_apply_prints_a_table_where_every_check_passes()
    {
        var unapplied = await AppHostProcess.RunInAsync(WorkDir, "verify");
        Assert.Equal(1, unapplied.ExitCode);

        Assert.Equal(0, (await AppHostProcess.RunInAsync(WorkDir, "apply")).ExitCode);
        var (exitCode, output, error) = await AppHostProcess.RunInAsync(WorkDir, "verify");

        Assert.True(exitCode == 0, output + error);
        Assert.StartsWith("AREA", output, StringComparison.Ordinal);
        Assert.Matches(@"Verification passed: \d+ passed, 0 failed, 0 skipped", output);
        // One row per check: 11 IRSA rows each refuse an expired token; every synchronised Secret is compared.
        Assert.Equal(11, Regex.Count(output, @"expired token is refused\s+pass\s+ExpiredTokenException"));
        var spec = PlatformClients.LocalSpec();
        Assert.Equal(spec.OfKind<ExternalSecret>().Count(), Regex.Count(output, @"Kubernetes Secret equals its \d+ sources\s+pass"));
        Assert.Equal(spec.OfKind<ExternalSecret>().Count(), Regex.Count(output, @"ExternalSecret Ready, refreshed within 10 s\s+pass\s+refreshed \d+ s ago"));
        Assert.Equal(spec.OfKind<SecretsManagerSecret>().Count(), Regex.Count(output, @"exists, (generated|manual)[^\n]*\s+pass"));
        Assert.Contains("may not s3:PutObject s3://piksel-local-argo-artifacts/", output, StringComparison.Ordinal);
        // Both guard-rail matrices are printed after the table (the RBAC one needs the API server's SubjectAccessReview).
        Assert.Contains("Reachability (NetworkPolicies in force; ! = against the declared intent)", output, StringComparison.Ordinal);
        Assert.Matches(@"terria\s+allow\s+deny\s+deny", output);
        Assert.Contains("RBAC (SubjectAccessReview per developer group; ! = against the declared intent)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("local-argo-client-secret", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbs_beside_a_running_up_go_through_its_endpoint_and_a_second_up_is_refused()
    {
        var port = CliWorkDirectory.FreePort();
        using var up = await AppHostProcess.StartInAsync(WorkDir, CliWorkDirectory.ReadyLine(), TimeSpan.FromMinutes(3), "up", "--port", port);

        var (exitCode, output, error) = await AppHostProcess.RunInAsync(WorkDir, "verify");
        Assert.True(exitCode == 0, output + error);
        Assert.Contains($"Using the running environment (process ", error, StringComparison.Ordinal);
        Assert.Contains($"at http://127.0.0.1:{port}/", error, StringComparison.Ordinal);
        // The running process owns the clock: expired tokens are skipped, saying why, and everything else passes.
        Assert.Equal(11, Regex.Count(output, @"expired token is refused\s+skip\s+the embedded provider's clock cannot move here"));
        Assert.Matches(@"Verification passed: \d+ passed, 0 failed, 11 skipped", output);

        var plan = await AppHostProcess.RunInAsync(WorkDir, "plan", "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.Output + plan.Error);

        var second = await AppHostProcess.RunInAsync(WorkDir, "up", "--port", CliWorkDirectory.FreePort());
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("the local environment is already up in process ", second.Error, StringComparison.Ordinal);

        Assert.Equal(0, await up.InterruptAsync(TimeSpan.FromSeconds(30)));
    }
}
