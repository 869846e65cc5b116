using Amazon.Runtime;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Cli;

/// <summary>`emulator aws` as a user runs it: prints endpoint and credentials, serves, stops on SIGTERM, and keeps
/// acknowledged writes across a crash.</summary>
public sealed class EmulatorCommandTests : IDisposable
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "piksel-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Prints_how_to_connect_serves_health_and_stops_on_SIGTERM()
    {
        using var emulator = await EmulatorProcess.StartAsync("--port", "0");
        using var http = new HttpClient();
        var health = await http.GetStringAsync(new Uri(emulator.Endpoint, "_localstack/health"), TestContext.Current.CancellationToken);
        Assert.Contains("\"secretsmanager\":\"running\"", health, StringComparison.Ordinal);
        Assert.Equal(0, await emulator.TerminateAsync());
        var output = string.Join('\n', emulator.Output);
        Assert.Contains($"export AWS_ENDPOINT_URL={emulator.Endpoint.ToString().TrimEnd('/')}", output, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test", output, StringComparison.Ordinal);
        Assert.Contains("AWS emulator stopped.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_writing_loses_no_acknowledged_write()
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (var emulator = await EmulatorProcess.StartAsync("--port", "0", "--data-dir", dataDir))
        {
            using var iam = Client(emulator.Endpoint);
            using var enough = new SemaphoreSlim(0);
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    var name = $"crash-{w}-{i}";
                    try { await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust }); }
                    catch (Exception) { return; } // the process died under this request: not acknowledged
                    acknowledged.Add(name);
                    if (acknowledged.Count == 120) enough.Release();
                }
            })).ToArray();
            await enough.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            emulator.Crash(); // SIGKILL while the writers are still writing
            await Task.WhenAll(writers);
        }

        using var restarted = await EmulatorProcess.StartAsync("--port", "0", "--data-dir", dataDir);
        using var again = Client(restarted.Endpoint);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var role in again.ListRolesAsync(cancellationToken: TestContext.Current.CancellationToken)) present.Add(role.RoleName);
        Assert.True(acknowledged.Count >= 120);
        Assert.All(acknowledged, name => Assert.Contains(name, present));
        Assert.Equal(0, await restarted.TerminateAsync());
    }

    [Fact]
    public async Task More_accounts_can_be_configured_each_with_its_own_root_keys()
    {
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--account", "222222222222:hub-key:hub-secret");
        var config = new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        using var hub = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(new BasicAWSCredentials("hub-key", "hub-secret"), config);
        var me = await hub.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.Equal("arn:aws:iam::222222222222:root", me.Arn);
        Assert.Equal(0, await emulator.TerminateAsync());
    }

    [Theory]
    [InlineData("--account", "12:x", "must look like ACCOUNT_ID:ACCESS_KEY_ID:SECRET")]
    [InlineData("--account", "12:key:secret", "must be exactly 12 digits")]
    [InlineData("--resolve", "oidc.example", "must look like HOST=ADDRESS:PORT")]
    public async Task Bad_options_fail_with_a_sentence_that_says_how_to_fix_them(string option, string value, string expected)
    {
        var (exitCode, _, error) = await Piksel.Testing.AppHostProcess.RunAsync("emulator", "aws", "--port", "0", option, value);
        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static IamClient Client(Uri endpoint) =>
        new(new AwsClientOptions { ServiceUrl = endpoint, Credentials = new BasicAWSCredentials("test", "test") });
}
