using System.Diagnostics;
using System.Text.Json;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Tests.Faults;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2.Instances;

/// <summary>Instance types, a launch, its volume and its termination with the AWS CLI v1, as a user types them.</summary>
public sealed class InstanceCliTests
{
    [AwsCliFact]
    public async Task The_AWS_CLI_describes_a_g5_runs_an_instance_and_sees_its_volume()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 }, cancellationToken: Ct);
        async Task<JsonElement> Aws(params string[] args)
        {
            var (code, output, error) = await RunAsync(emulator, args);
            Assert.True(code == 0, error);
            return output.Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
        }

        var g5 = (await Aws("ec2", "describe-instance-types", "--instance-types", "g5.xlarge")).GetProperty("InstanceTypes")[0];
        Assert.Equal(1, g5.GetProperty("GpuInfo").GetProperty("Gpus")[0].GetProperty("Count").GetInt32());
        Assert.Equal("A10G", g5.GetProperty("GpuInfo").GetProperty("Gpus")[0].GetProperty("Name").GetString());

        var vpc = (await Aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
        var subnet = (await Aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.1.0/24", "--availability-zone", "us-east-1b"))
            .GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
        var image = EksOptimizedAmis.Find(EksOptimizedAmis.KubernetesVersions[^1], "x86_64", "nvidia")!.ImageId;
        var run = await Aws("ec2", "run-instances", "--image-id", image, "--instance-type", "g5.xlarge", "--subnet-id", subnet, "--count", "1",
            "--block-device-mappings", "DeviceName=/dev/xvda,Ebs={VolumeSize=120,VolumeType=gp3,Encrypted=true}",
            "--tag-specifications", "ResourceType=instance,Tags=[{Key=karpenter.sh/nodepool,Value=gpu}]");
        var id = run.GetProperty("Instances")[0].GetProperty("InstanceId").GetString()!;
        Assert.Equal("ip-10-0-1-4.ec2.internal", run.GetProperty("Instances")[0].GetProperty("PrivateDnsName").GetString());

        var described = (await Aws("ec2", "describe-instances", "--filters", "Name=tag:karpenter.sh/nodepool,Values=gpu")).GetProperty("Reservations");
        Assert.Equal(id, described[0].GetProperty("Instances")[0].GetProperty("InstanceId").GetString());
        var volumes = (await Aws("ec2", "describe-volumes", "--filters", $"Name=attachment.instance-id,Values={id}")).GetProperty("Volumes");
        Assert.Equal((120, true, "us-east-1b"), (volumes[0].GetProperty("Size").GetInt32(), volumes[0].GetProperty("Encrypted").GetBoolean(), volumes[0].GetProperty("AvailabilityZone").GetString()));

        var terminated = (await Aws("ec2", "terminate-instances", "--instance-ids", id)).GetProperty("TerminatingInstances")[0];
        Assert.Equal("shutting-down", terminated.GetProperty("CurrentState").GetProperty("Name").GetString());
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
