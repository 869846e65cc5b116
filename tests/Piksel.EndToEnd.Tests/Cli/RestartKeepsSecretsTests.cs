using System.Text.RegularExpressions;
using Amazon.Runtime;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Spec.Aws;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// A restart of <c>up</c> keeps the environment: started, stopped with Ctrl+C and started again on the same folder, it
/// serves every secret with the value it had (generated secrets are never regenerated) and its apply changes nothing.
/// Runs on a free port of its own, never 4566, so it collides neither with a developer's environment nor other tests.
/// </summary>
public sealed partial class RestartKeepsSecretsTests : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly CliWorkDirectory work = new("restart");

    private string WorkDir => work.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task A_restart_keeps_every_secret_value_and_changes_nothing()
    {
        var port = CliWorkDirectory.FreePort();
        var spec = PlatformClients.LocalSpec();
        var names = spec.OfKind<SecretsManagerSecret>().Select(s => s.Name).ToList();

        IReadOnlyDictionary<string, string> first;
        using (var up = await AppHostProcess.StartInAsync(WorkDir, CliWorkDirectory.ReadyLine(), ReadyTimeout, "up", "--port", port))
        {
            Assert.Contains($":{port}", up.Endpoint.ToString(), StringComparison.Ordinal);
            first = await ReadSecretsAsync(names);
            Assert.True(await up.InterruptAsync(StopGrace) == 0, "the first up did not stop cleanly on Ctrl+C:\n" + up.AllOutput);
        }

        using (var up = await AppHostProcess.StartInAsync(WorkDir, CliWorkDirectory.ReadyLine(), ReadyTimeout, "up", "--port", port))
        {
            Assert.Contains($"Applying 0 of {spec.Resources.Count} resources", up.AllOutput, StringComparison.Ordinal);
            var second = await ReadSecretsAsync(names);
            var changed = names.Where(n => first[n] != second[n]).ToList();
            Assert.True(changed.Count == 0, "values changed across the restart: " + string.Join(", ", changed));
            Assert.True(await up.InterruptAsync(StopGrace) == 0, "the second up did not stop cleanly on Ctrl+C:\n" + up.AllOutput);
        }

        var (exitCode, output, error) = await AppHostProcess.RunInAsync(WorkDir, "plan", "--detailed-exitcode");
        Assert.True(exitCode == 0, $"plan after the restarts: exit {exitCode}\n{output}{error}");
    }

    /// <summary>Every secret's value through the endpoint and keys <c>up</c> wrote to <c>.piksel/local/aws.env</c>.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ReadSecretsAsync(IReadOnlyList<string> names)
    {
        var exports = (await File.ReadAllLinesAsync(Path.Combine(WorkDir, ".piksel", "local", "aws.env"), Ct))
            .Select(l => ExportLine().Match(l))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        // The AWS CLI v1 reads AWS_DEFAULT_REGION, not AWS_REGION.
        Assert.Equal(exports["AWS_REGION"], exports["AWS_DEFAULT_REGION"]);
        using var secrets = new SecretsManagerClient(new AwsClientOptions
        {
            ServiceUrl = new Uri(exports["AWS_ENDPOINT_URL"]),
            Region = exports["AWS_REGION"],
            Credentials = new BasicAWSCredentials(exports["AWS_ACCESS_KEY_ID"], exports["AWS_SECRET_ACCESS_KEY"]),
        });
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            values[name] = (await secrets.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal();
        }

        return values;
    }

    [GeneratedRegex(@"^\s*export (\w+)=(.*)$")]
    private static partial Regex ExportLine();
}
