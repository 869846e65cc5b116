using System.Net;
using System.Net.Sockets;
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

    private readonly string workDir = Path.Combine(Path.GetTempPath(), "piksel-restart-" + Guid.NewGuid().ToString("N"));

    public RestartKeepsSecretsTests()
    {
        Directory.CreateDirectory(Path.Combine(workDir, "env"));
        foreach (var file in Directory.GetFiles(Path.Combine(PlatformFixture.RepositoryRoot(), "env"), "*.json"))
            File.Copy(file, Path.Combine(workDir, "env", Path.GetFileName(file)));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
    }

    [Fact]
    public async Task A_restart_keeps_every_secret_value_and_changes_nothing()
    {
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spec = PlatformClients.LocalSpec();
        var names = spec.OfKind<SecretsManagerSecret>().Select(s => s.Name).ToList();

        IReadOnlyDictionary<string, string> first;
        using (var up = await AppHostProcess.StartInAsync(workDir, ReadyLine(), ReadyTimeout, "up", "--port", port))
        {
            Assert.Contains($":{port}", up.Endpoint.ToString(), StringComparison.Ordinal);
            first = await ReadSecretsAsync(names);
            Assert.True(await up.InterruptAsync(StopGrace) == 0, "the first up did not stop cleanly on Ctrl+C:\n" + up.AllOutput);
        }

        using (var up = await AppHostProcess.StartInAsync(workDir, ReadyLine(), ReadyTimeout, "up", "--port", port))
        {
            Assert.Contains($"Applying 0 of {spec.Resources.Count} resources", up.AllOutput, StringComparison.Ordinal);
            var second = await ReadSecretsAsync(names);
            var changed = names.Where(n => first[n] != second[n]).ToList();
            Assert.True(changed.Count == 0, "values changed across the restart: " + string.Join(", ", changed));
            Assert.True(await up.InterruptAsync(StopGrace) == 0, "the second up did not stop cleanly on Ctrl+C:\n" + up.AllOutput);
        }

        var (exitCode, output, error) = await AppHostProcess.RunInAsync(workDir, "plan", "--detailed-exitcode");
        Assert.True(exitCode == 0, $"plan after the restarts: exit {exitCode}\n{output}{error}");
    }

    /// <summary>Every secret's value through the endpoint and keys <c>up</c> wrote to <c>.piksel/local/aws.env</c>.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ReadSecretsAsync(IReadOnlyList<string> names)
    {
        var exports = (await File.ReadAllLinesAsync(Path.Combine(workDir, ".piksel", "local", "aws.env"), Ct))
            .Select(l => ExportLine().Match(l))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"ready in [0-9.]+ s: AWS (\S+)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^\s*export (\w+)=(.*)$")]
    private static partial Regex ExportLine();
}
