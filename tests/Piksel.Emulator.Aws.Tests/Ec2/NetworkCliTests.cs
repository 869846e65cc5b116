using System.Diagnostics;
using System.Text.Json;
using Piksel.Emulator.Aws.Tests.Faults;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>The network an EKS cluster needs, built with the AWS CLI v1 as a user types it, and torn down in dependency order.</summary>
public sealed class NetworkCliTests
{
    [AwsCliFact]
    public async Task The_AWS_CLI_builds_a_vpc_with_subnets_nat_routes_endpoint_and_groups()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 }, cancellationToken: Ct);
        async Task<JsonElement> Aws(params string[] args)
        {
            var (code, output, error) = await RunAsync(emulator, args);
            Assert.True(code == 0, error);
            return output.Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
        }

        var vpc = (await Aws("ec2", "create-vpc", "--cidr-block", "10.90.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
        await Aws("ec2", "modify-vpc-attribute", "--vpc-id", vpc, "--enable-dns-hostnames", "{\"Value\":true}");
        var subnet = (await Aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.90.1.0/24", "--availability-zone", "us-east-1a",
            "--tag-specifications", "ResourceType=subnet,Tags=[{Key=karpenter.sh/discovery,Value=cli}]")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
        var discovered = (await Aws("ec2", "describe-subnets", "--filters", "Name=tag:karpenter.sh/discovery,Values=cli")).GetProperty("Subnets");
        Assert.Equal(subnet, discovered[0].GetProperty("SubnetId").GetString());

        var igw = (await Aws("ec2", "create-internet-gateway")).GetProperty("InternetGateway").GetProperty("InternetGatewayId").GetString()!;
        await Aws("ec2", "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc);
        var eip = (await Aws("ec2", "allocate-address", "--domain", "vpc")).GetProperty("AllocationId").GetString()!;
        var nat = (await Aws("ec2", "create-nat-gateway", "--subnet-id", subnet, "--allocation-id", eip)).GetProperty("NatGateway");
        Assert.Equal("pending", nat.GetProperty("State").GetString());
        var natId = nat.GetProperty("NatGatewayId").GetString()!;
        var rtb = (await Aws("ec2", "create-route-table", "--vpc-id", vpc)).GetProperty("RouteTable").GetProperty("RouteTableId").GetString()!;
        await Aws("ec2", "create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0", "--nat-gateway-id", natId);
        var association = (await Aws("ec2", "associate-route-table", "--route-table-id", rtb, "--subnet-id", subnet)).GetProperty("AssociationId").GetString()!;
        var endpoint = (await Aws("ec2", "create-vpc-endpoint", "--vpc-id", vpc, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", rtb))
            .GetProperty("VpcEndpoint").GetProperty("VpcEndpointId").GetString()!;
        var routes = (await Aws("ec2", "describe-route-tables", "--route-table-ids", rtb)).GetProperty("RouteTables")[0].GetProperty("Routes");
        Assert.Contains(routes.EnumerateArray(), r => r.TryGetProperty("DestinationPrefixListId", out var pl) && pl.GetString()!.StartsWith("pl-", StringComparison.Ordinal));
        var sg = (await Aws("ec2", "create-security-group", "--group-name", "nodes", "--description", "nodes", "--vpc-id", vpc)).GetProperty("GroupId").GetString()!;
        await Aws("ec2", "authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "443", "--cidr", "10.0.0.0/8");
        var rules = (await Aws("ec2", "describe-security-group-rules", "--filters", $"Name=group-id,Values={sg}")).GetProperty("SecurityGroupRules");
        Assert.Contains(rules.EnumerateArray(), r => r.GetProperty("FromPort").GetInt32() == 443 && r.GetProperty("CidrIpv4").GetString() == "10.0.0.0/8");

        var (code, _, error) = await RunAsync(emulator, "ec2", "delete-vpc", "--vpc-id", vpc);
        Assert.NotEqual(0, code);
        Assert.Contains("An error occurred (DependencyViolation) when calling the DeleteVpc operation", error, StringComparison.Ordinal);
        (code, _, error) = await RunAsync(emulator, "ec2", "release-address", "--allocation-id", eip);
        Assert.Contains("(InvalidIPAddress.InUse)", error, StringComparison.Ordinal);

        await Aws("ec2", "delete-security-group", "--group-id", sg);
        await Aws("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", endpoint);
        await Aws("ec2", "disassociate-route-table", "--association-id", association);
        await Aws("ec2", "delete-route-table", "--route-table-id", rtb);
        await Aws("ec2", "delete-nat-gateway", "--nat-gateway-id", natId);
        // The NAT gateway holds the subnet and the address until it is deleted, seconds later on the emulator's clock.
        for (var i = 0; i < 100 && (await RunAsync(emulator, "ec2", "delete-subnet", "--subnet-id", subnet)).ExitCode != 0; i++) await Task.Delay(100, Ct);
        await Aws("ec2", "release-address", "--allocation-id", eip);
        await Aws("ec2", "detach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc);
        await Aws("ec2", "delete-internet-gateway", "--internet-gateway-id", igw);
        await Aws("ec2", "delete-vpc", "--vpc-id", vpc);
        Assert.Empty((await Aws("ec2", "describe-vpcs")).GetProperty("Vpcs").EnumerateArray());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(AwsEmulator emulator, params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Concat(["--endpoint-url", emulator.Endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json"])) start.ArgumentList.Add(arg);
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }
}
