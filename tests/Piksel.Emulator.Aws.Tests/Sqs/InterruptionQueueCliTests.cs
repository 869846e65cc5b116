using System.Diagnostics;
using System.Text.Json;
using Piksel.Emulator.Aws.Tests.Faults;
using static Piksel.Emulator.Aws.Tests.Sqs.SqsTestKit;

namespace Piksel.Emulator.Aws.Tests.Sqs;

/// <summary>
/// Karpenter's interruption plumbing built with the AWS CLI v1 as a user types it (its botocore speaks SQS's JSON
/// protocol): a queue EventBridge may send to, a rule targeting it, an event put and received, and the AMI parameter.
/// </summary>
public sealed class InterruptionQueueCliTests
{
    [AwsCliFact]
    public async Task The_AWS_CLI_routes_an_event_to_a_queue_and_reads_the_AMI_parameter()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 }, cancellationToken: Ct);
        async Task<JsonElement> Aws(params string[] args)
        {
            var (code, output, error) = await RunAsync(emulator, args);
            Assert.True(code == 0, error);
            return output.Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
        }

        var url = (await Aws("sqs", "create-queue", "--queue-name", "interruptions", "--attributes", "MessageRetentionPeriod=300")).GetProperty("QueueUrl").GetString()!;
        const string Arn = "arn:aws:sqs:us-east-1:000000000000:interruptions";
        var policy = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Policy"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"{{Arn}}"}]}""",
        });
        await Aws("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", policy);
        await Aws("events", "put-rule", "--name", "health", "--event-pattern", """{"source":["my.health"],"detail-type":["Scheduled Change"]}""");
        await Aws("events", "put-targets", "--rule", "health", "--targets", $"Id=1,Arn={Arn}");
        var put = await Aws("events", "put-events", "--entries", """[{"Source":"my.health","DetailType":"Scheduled Change","Detail":"{\"service\":\"EC2\"}"}]""");
        Assert.Equal(0, put.GetProperty("FailedEntryCount").GetInt32());

        var message = (await Aws("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "1")).GetProperty("Messages")[0];
        var envelope = JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement;
        Assert.Equal("Scheduled Change", envelope.GetProperty("detail-type").GetString());
        await Aws("sqs", "delete-message", "--queue-url", url, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        Assert.Equal("0", (await Aws("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All"))
            .GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString());

        var (code, _, error) = await RunAsync(emulator, "sqs", "get-queue-url", "--queue-name", "missing");
        Assert.NotEqual(0, code);
        Assert.Contains("(AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation", error, StringComparison.Ordinal);

        var ami = (await Aws("ssm", "get-parameter", "--name", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id"))
            .GetProperty("Parameter").GetProperty("Value").GetString();
        Assert.Equal(Piksel.Emulator.Aws.Eks.EksOptimizedAmis.Find("1.33", "x86_64", "standard")!.ImageId, ami);
        var profile = (await Aws("iam", "create-instance-profile", "--instance-profile-name", "nodes")).GetProperty("InstanceProfile").GetProperty("Arn").GetString();
        Assert.Equal("arn:aws:iam::000000000000:instance-profile/nodes", profile);
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
