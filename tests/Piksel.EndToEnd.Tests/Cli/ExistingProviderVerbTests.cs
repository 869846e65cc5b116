using Piksel.EndToEnd.Tests.Infrastructure;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// <c>--provider existing</c> as a user runs it: an AWS endpoint and a cluster already running (the in-process stand-in),
/// named on the command line; apply makes the platform there and a plan after it has nothing to do. The verbs start no
/// emulator of their own. Bad options are one sentence, exit 1, before anything is touched.
/// </summary>
public sealed class ExistingProviderVerbTests : IDisposable
{
    private readonly CliWorkDirectory work = new("existing");

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Apply_to_what_is_already_running_then_plan_has_nothing_to_do()
    {
        var settings = PlatformClients.LocalSettings();
        await using var running = await ExistingStandIn.StartAsync(settings, TestContext.Current.CancellationToken);
        string[] target =
        [
            "--env", "local", "--provider", "existing", "--aws-endpoint", running.Emulator.Endpoint.ToString(),
            "--kubeconfig", running.KubeconfigPath, "--context", running.Context,
            .. ExistingStandIn.AccountsOf(settings).Skip(1).SelectMany(a => new[] { "--account-keys", $"{a}:{ExistingStandIn.KeysOf(a).AccessKeyId}:{ExistingStandIn.KeysOf(a).SecretAccessKey.Reveal()}" }),
        ];
        var keys = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test" };

        var apply = await Piksel.Testing.AppHostProcess.RunInAsync(work.Path, keys, ["apply", .. target]);
        Assert.True(apply.ExitCode == 0, apply.Output + apply.Error);
        Assert.Contains("Apply complete", apply.Output, StringComparison.Ordinal);

        var plan = await Piksel.Testing.AppHostProcess.RunInAsync(work.Path, keys, ["plan", "--detailed-exitcode", .. target]);
        Assert.True(plan.ExitCode == 0, plan.Output + plan.Error);
        Assert.True(File.Exists(Path.Combine(work.Path, ".piksel", "local", "state", Piksel.Hosting.Clusters.ClusterRecordStore.FileName)));
    }

    [Fact]
    public async Task Missing_endpoint_or_kubeconfig_or_context_is_exit_1_with_one_sentence()
    {
        var noEndpoint = await Piksel.Testing.AppHostProcess.RunInAsync(work.Path, "plan", "--provider", "existing");
        Assert.Equal(1, noEndpoint.ExitCode);
        Assert.Contains("--provider existing needs --aws-endpoint URL", noEndpoint.Error, StringComparison.Ordinal);

        var missing = Path.Combine(work.Path, "no-kubeconfig");
        var noKubeconfig = await Piksel.Testing.AppHostProcess.RunInAsync(
            work.Path, "plan", "--provider", "existing", "--aws-endpoint", "http://127.0.0.1:1", "--kubeconfig", missing);
        Assert.Equal(1, noKubeconfig.ExitCode);
        Assert.Contains($"The kubeconfig {missing} does not exist", noKubeconfig.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", noKubeconfig.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work.Path, ".piksel", "local", "state")), "nothing may be written when the provider cannot connect");
    }
}
