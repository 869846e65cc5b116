using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Testing;

namespace Piksel.Emulator.Aws.Tests.Cli;

/// <summary>`emulator aws --fault …` and `--faults file.json`: the rules are in force from the start, one line says so, and a wrong rule stops the command with a sentence.</summary>
public sealed class FaultOptionTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-faults-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Rules_given_on_the_command_line_are_in_force_and_announced()
    {
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--fault", "service=sts,error=throttling", "--fault-seed", "7");
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("test", "test"), config);
        var refused = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct));
        Assert.Equal("Throttling", refused.ErrorCode);

        Assert.Equal(0, await emulator.TerminateAsync());
        var endpoint = emulator.Endpoint.ToString().TrimEnd('/');
        Assert.Contains($$"""Faults active: [{"service":"sts","error":"throttling"}] (seed 7); change them at {{endpoint}}/_localstack/chaos/faults.""",
            emulator.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rules_file_in_LocalStacks_shape_is_loaded_at_start()
    {
        var file = Path.Combine(directory, "faults.json");
        const string rules = """[{"service":"s3","region":"us-east-1"},{"service":"kinesis","operation":"PutRecord","probability":0.3,"error":{"statusCode":400,"code":"ProvisionedThroughputExceededException"}}]""";
        await File.WriteAllTextAsync(file, rules, Ct);
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--faults", file);
        using var http = new HttpClient();
        var listed = await http.GetStringAsync(new Uri(emulator.Endpoint, "_localstack/chaos/faults"), Ct);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(rules), JsonNode.Parse(listed)), listed);
        Assert.Equal(0, await emulator.TerminateAsync());
    }

    [Fact]
    public async Task No_faults_means_no_announcement()
    {
        using var emulator = await EmulatorProcess.StartAsync("--port", "0");
        Assert.Equal(0, await emulator.TerminateAsync());
        Assert.DoesNotContain("Faults active", emulator.AllOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fault", "bogus=1", "unknown key 'bogus'")]
    [InlineData("--fault", "every=0", "every must be 1 or more")]
    [InlineData("--faults", "/nonexistent/faults.json", "no such file")]
    [InlineData("--faults", "BAD_FILE", "must be a JSON array")]
    public async Task A_wrong_rule_stops_the_command_with_a_sentence(string option, string value, string expected)
    {
        if (value == "BAD_FILE")
        {
            value = Path.Combine(directory, "bad.json");
            await File.WriteAllTextAsync(value, "{", Ct);
        }

        var (exitCode, _, error) = await AppHostProcess.RunAsync("emulator", "aws", "--port", "0", option, value);
        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
