using System.Diagnostics;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Faults;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Faults.FaultTestKit;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>
/// Real clients' own retry logic against injected faults: the AWS SDK for .NET and the AWS CLI recognise the
/// emulator's throttling answers as throttling and retry them, as they do AWS's.
/// </summary>
public sealed class ClientRetryTests
{
    [Fact]
    public async Task The_SDKs_own_retry_sees_injected_throttling_and_retries_it()
    {
        await using var emulator = await StartAsync(new FaultOptions
        {
            Rules = [FaultRuleReader.ParseSpec("service=sts,every=2,error=throttling"), FaultRuleReader.ParseSpec("service=s3,every=2,error=throttling")],
        });
        using var sts = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator, retries: 2));
        using var s3 = new AmazonS3Client(Root, Config<AmazonS3Config>(emulator, retries: 2));

        // The second call's first attempt is refused (Throttling 400; S3: SlowDown 503); the SDK retries and the third passes.
        await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);
        Assert.Equal("arn:aws:iam::000000000000:root", (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct)).Arn);
        await s3.ListBucketsAsync(Ct);
        await s3.ListBucketsAsync(Ct);
        Assert.Equal(2, emulator.State.Faults.Injected);
    }

    [Fact]
    public async Task The_projects_own_clients_retry_throttling_as_the_SDKs_do_signing_each_attempt_anew()
    {
        await using var emulator = await StartAsync(new FaultOptions { Rules = [FaultRuleReader.ParseSpec("service=iam,every=2,error=throttling")] });
        using var iam = new IamClient(Options(emulator, attempts: 3));

        // Every second call of ListRoles is refused, so each call after the first meets one refusal (counts 2, 4, 6, …)
        // and its retry (re-signed: a stale signature would be refused) passes.
        for (var i = 0; i < 6; i++) await iam.ListRolesPageAsync(cancellationToken: Ct);
        Assert.Equal(5, emulator.State.Faults.Injected);
    }

    [AwsCliFact]
    public async Task The_AWS_CLI_retries_injected_throttling_and_reports_it_when_out_of_attempts()
    {
        await using var emulator = await StartAsync(new FaultOptions { Rules = [FaultRuleReader.ParseSpec("service=sts,every=2,error=throttling")] });
        using var sts = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator));
        await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);

        var retried = await AwsCliAsync(emulator, maxAttempts: null, "sts", "get-caller-identity", "--debug");
        Assert.True(retried.ExitCode == 0, retried.Error);
        Assert.Contains("arn:aws:iam::000000000000:root", retried.Output, StringComparison.Ordinal);
        Assert.Contains("Retry needed", retried.Error, StringComparison.Ordinal);

        await SetRulesAsync(emulator, """[{"service":"sts","error":"throttling"}]""");
        var refused = await AwsCliAsync(emulator, maxAttempts: 1, "sts", "get-caller-identity");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("An error occurred (Throttling) when calling the GetCallerIdentity operation", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Rate exceeded", refused.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> AwsCliAsync(AwsEmulator emulator, int? maxAttempts, params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Concat(["--endpoint-url", emulator.Endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json"])) start.ArgumentList.Add(arg);
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_PROFILE");
        if (maxAttempts is { } attempts) start.Environment["AWS_MAX_ATTEMPTS"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }
}
