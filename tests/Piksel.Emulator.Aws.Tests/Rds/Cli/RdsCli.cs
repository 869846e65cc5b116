using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Tests.Rds.Cli;

/// <summary>The AWS CLI v1 against one emulator, as root or with a user's keys; answers parsed from its JSON output.</summary>
internal sealed class RdsCli(Uri endpoint, string accessKey = "test", string secret = "test")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The same CLI with another principal's keys.</summary>
    public RdsCli As(string key, string secretKey) => new(endpoint, key, secretKey);

    /// <summary>Runs <c>aws …</c>, which must succeed; its JSON output (an empty object when it printed none).</summary>
    public async Task<JsonObject> JsonAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == 0, $"aws {string.Join(' ', args)} exited {code}: {error}");
        return output.Trim().Length == 0 ? [] : JsonNode.Parse(output)!.AsObject();
    }

    /// <summary>Runs <c>aws …</c>, which must fail with a service error: its exit code and the error it printed.</summary>
    public async Task<(int Code, string Error)> FailsAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code != 0, $"aws {string.Join(' ', args)} succeeded: {output}");
        return (code, error);
    }

    /// <summary>Runs <c>aws …</c> with the endpoint, region and JSON output set, and no configuration from the machine.</summary>
    public async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Concat(["--endpoint-url", endpoint.ToString(), "--output", "json"])) start.ArgumentList.Add(arg);
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_REGION");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>A VPC with a subnet in each of two zones (through <c>aws ec2</c>); returns the subnet ids.</summary>
    public async Task<string[]> SubnetsAsync()
    {
        var vpc = (await JsonAsync("ec2", "create-vpc", "--cidr-block", "10.30.0.0/16"))["Vpc"]!["VpcId"]!.GetValue<string>();
        var a = await JsonAsync("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.30.1.0/24", "--availability-zone", "us-east-1a");
        var b = await JsonAsync("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.30.2.0/24", "--availability-zone", "us-east-1b");
        return [a["Subnet"]!["SubnetId"]!.GetValue<string>(), b["Subnet"]!["SubnetId"]!.GetValue<string>()];
    }

    /// <summary>A subnet group over two zones made with <c>aws rds create-db-subnet-group</c>.</summary>
    public async Task<string> SubnetGroupAsync(string name = "cli-subnets")
    {
        var subnets = await SubnetsAsync();
        await JsonAsync("rds", "create-db-subnet-group", "--db-subnet-group-name", name, "--db-subnet-group-description", "cli", "--subnet-ids", subnets[0], subnets[1]);
        return name;
    }

    /// <summary>The <c>DBInstances[0]</c> of <c>describe-db-instances</c> for <paramref name="id"/>.</summary>
    public async Task<JsonNode> InstanceAsync(string id) =>
        (await JsonAsync("rds", "describe-db-instances", "--db-instance-identifier", id))["DBInstances"]![0]!;

    /// <summary>Polls (bounded) until the instance has <paramref name="status"/>; the last description.</summary>
    public async Task<JsonNode> WaitForAsync(string id, string status, Action? between = null)
    {
        var instance = await InstanceAsync(id);
        for (var i = 0; i < 100 && instance["DBInstanceStatus"]!.GetValue<string>() != status; i++)
        {
            between?.Invoke();
            await Task.Delay(20, Ct);
            instance = await InstanceAsync(id);
        }
        Assert.Equal(status, instance["DBInstanceStatus"]!.GetValue<string>());
        return instance;
    }
}
