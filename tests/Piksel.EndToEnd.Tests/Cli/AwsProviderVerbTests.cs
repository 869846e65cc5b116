using System.Text.Json.Nodes;
using Amazon.Runtime;
using Piksel.Emulator.Aws;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Settings;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// <c>--provider aws</c> as a user runs it against real accounts, here the emulator impersonating them: dev
/// (236122835646) and the hub (686410905891) with their own keys, reached through AWS_ENDPOINT_URL, so the real
/// provider's code path runs end to end — account guard, hub role, credential chain, standard endpoints.
/// </summary>
public sealed class AwsProviderVerbTests : IDisposable
{
    private const string Dev = "236122835646";
    private const string Hub = "686410905891";
    private const string Foreign = "111122223333";
    private readonly CliWorkDirectory work = new("aws");

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Dev_through_the_aws_provider_plans_applies_verifies_and_destroys_and_a_foreign_account_touches_nothing()
    {
        var log = new RequestLog();
        await using var emulator = await AwsEmulator.StartAsync(
            new AwsEmulatorOptions
            {
                Port = 0,
                DefaultRegion = "ap-southeast-3",
                Accounts = [AccountOptions.Default, new(Dev, "dev-key", "dev-secret"), new(Hub, "hub-key", "hub-secret"), new(Foreign, "foreign-key", "foreign-secret")],
            },
            log.Factory,
            TestContext.Current.CancellationToken);
        var devSettings = EnvironmentSettingsLoader.Load(Path.Combine(work.Path, "env"), "dev");
        var deployer = (await ImpersonatedAccounts.PrepareAsync(emulator.Endpoint, devSettings, RootKeys, TestContext.Current.CancellationToken)).GetCredentials();
        var (keyId, secret) = (deployer.AccessKey, deployer.SecretKey);
        UseDatabaseEngine("dev", "15");

        // Another account's credentials: every verb stops at the guard, and only GetCallerIdentity reached AWS.
        log.Clear();
        foreach (var verb in new[] { "plan", "apply", "destroy", "verify" })
        {
            var refused = await RunAsync(emulator.Endpoint, "foreign-key", "foreign-secret", verb, "--env", "dev", "--provider", "aws");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"environment 'dev' is account {Dev}, but the credentials are account {Foreign} (arn:aws:iam::{Foreign}:root)", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("foreign-secret", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
        }

        Assert.Equal(Enumerable.Repeat("AWS sts.GetCallerIdentity => 200", 4), log.Lines);

        // Production is changed only on purpose: refused before any request.
        log.Clear();
        var production = await RunAsync(emulator.Endpoint, keyId, secret, "apply", "--env", "production", "--provider", "aws");
        Assert.Equal(1, production.ExitCode);
        Assert.Contains("--confirm-production", production.Output, StringComparison.Ordinal);
        Assert.Empty(log.Lines);

        var settings = EnvironmentSettingsLoader.Load(Path.Combine(work.Path, "env"), "dev");
        var count = Piksel.Platform.Definition.PikselPlatform.Define(settings).Resources.Count;
        var plan = await RunAsync(emulator.Endpoint, keyId, secret, "plan", "--env", "dev", "--provider", "aws", "--detailed-exitcode");
        Assert.True(plan.ExitCode == 2, plan.Output);
        Assert.Contains($"Plan: {count} to add, 0 to change, 0 to replace, 0 to destroy.", plan.Output, StringComparison.Ordinal);
        Assert.Contains("piksel-dev", plan.Output, StringComparison.Ordinal);
        Assert.Contains("10.1.0.0/16", plan.Output, StringComparison.Ordinal);
        Assert.Contains($"acting as arn:aws:iam::{Dev}:user/piksel-deployer", plan.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, l => IsWrite(l));

        var apply = await RunAsync(emulator.Endpoint, keyId, secret, "apply", "--env", "dev", "--provider", "aws");
        Assert.True(apply.ExitCode == 0, apply.Output);
        var verify = await RunAsync(emulator.Endpoint, keyId, secret, "verify", "--env", "dev", "--provider", "aws");
        Assert.True(verify.ExitCode == 0, verify.Output);
        var again = await RunAsync(emulator.Endpoint, keyId, secret, "plan", "--env", "dev", "--provider", "aws", "--detailed-exitcode");
        Assert.True(again.ExitCode == 0, again.Output);

        var destroy = await RunAsync(emulator.Endpoint, keyId, secret, "destroy", "--env", "dev", "--provider", "aws");
        Assert.True(destroy.ExitCode == 0, destroy.Output);
        // Nothing tagged as the environment's is left: the plan reads every managed resource back and finds none.
        var after = await RunAsync(emulator.Endpoint, keyId, secret, "plan", "--env", "dev", "--provider", "aws", "--detailed-exitcode");
        Assert.Contains($"Plan: {count} to add, 0 to change, 0 to replace, 0 to destroy.", after.Output, StringComparison.Ordinal);
    }

    private static bool IsWrite(string line) =>
        line.Split('.', 2) is [_, var operation] && (operation.StartsWith("Create", StringComparison.Ordinal) || operation.StartsWith("Put", StringComparison.Ordinal)
            || operation.StartsWith("Delete", StringComparison.Ordinal) || operation.StartsWith("Update", StringComparison.Ordinal)
            || operation.StartsWith("Tag", StringComparison.Ordinal) || operation.StartsWith("Attach", StringComparison.Ordinal));

    private static BasicAWSCredentials RootKeys(string account) => account switch
    {
        Dev => new("dev-key", "dev-secret"),
        Hub => new("hub-key", "hub-secret"),
        _ => throw new ArgumentOutOfRangeException(nameof(account), account, "Only dev and its hub are prepared."),
    };

    // The machine runs PostgreSQL 15 only; the emulated RDS serves the majors it runs.
    private void UseDatabaseEngine(string env, string version)
    {
        var file = Path.Combine(work.Path, "env", env + ".json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json["databaseEngineVersion"] = version;
        File.WriteAllText(file, json.ToJsonString());
    }

    private async Task<(int ExitCode, string Output)> RunAsync(Uri endpoint, string keyId, string secret, params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = keyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            // A developer's own ~/.aws must not leak into the run.
            ["AWS_CONFIG_FILE"] = Path.Combine(work.Path, "no-aws-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(work.Path, "no-aws-credentials"),
            ["PIKSEL_SECRET_ARGO_OAUTH"] = "argo-client:argo-client-secret",
            ["PIKSEL_SECRET_JUPYTERHUB_OAUTH"] = "jupyter-client:jupyter-client-secret",
            ["PIKSEL_SECRET_GRAFANA_OAUTH"] = "grafana-client:grafana-client-secret",
            ["PIKSEL_SECRET_SLACK_ALERTS"] = "https://hooks.slack.com/services/T000/B000/devplaceholder",
        };
        var (exitCode, output, error) = await Piksel.Testing.AppHostProcess.RunInAsync(work.Path, environment, arguments);
        return (exitCode, output + error);
    }
}
