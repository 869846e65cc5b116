using System.Net;
using System.Xml.Linq;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Faults;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.Logs;
using Piksel.Platform.Aws.SecretsManager;
using static Piksel.Emulator.Aws.Tests.Faults.FaultTestKit;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>
/// Injected errors through the clients that call each service: each answers throttling as the service names it, in its
/// protocol's shape; a faulted call changes nothing; rules match by service, operation and region, every N-th call, or
/// by seeded chance.
/// </summary>
public sealed class ServiceFaultTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task Throttling_is_answered_in_each_services_own_words()
    {
        await using var emulator = await StartAsync(new FaultOptions { Rules = [new FaultRule { Error = FaultError.Of(FaultErrorKind.Throttling) }] });
        using var sts = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator));
        using var kms = new AmazonKeyManagementServiceClient(Root, Config<AmazonKeyManagementServiceConfig>(emulator));
        using var s3 = new AmazonS3Client(Root, Config<AmazonS3Config>(emulator));
        using var ec2 = new AmazonEC2Client(Root, Config<AmazonEC2Config>(emulator));
        using var iam = new IamClient(Options(emulator));
        using var secrets = new SecretsManagerClient(Options(emulator));
        using var logs = new LogsClient(Options(emulator));
        using var eks = new EksClient(Options(emulator, region: "ap-southeast-3"));

        Assert.Equal(("Throttling", HttpStatusCode.BadRequest, "Rate exceeded"), await ErrorOf(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct)));
        Assert.Equal(("Throttling", HttpStatusCode.BadRequest, "Rate exceeded"), await ErrorOf(() => iam.GetRoleAsync("any", Ct)));
        Assert.Equal(("ThrottlingException", HttpStatusCode.BadRequest, "Rate exceeded"), await ErrorOf(() => kms.ListKeysAsync(new ListKeysRequest(), Ct)));
        Assert.Equal(("ThrottlingException", HttpStatusCode.BadRequest, "Rate exceeded"), await ErrorOf(() => secrets.ListSecretsAsync(cancellationToken: Ct)));
        Assert.Equal(("ThrottlingException", HttpStatusCode.BadRequest, "Rate exceeded"), await ErrorOf(() => logs.DescribeLogGroupsAsync(cancellationToken: Ct)));
        Assert.Equal(("SlowDown", HttpStatusCode.ServiceUnavailable, "Please reduce your request rate."), await ErrorOf(() => s3.ListBucketsAsync(Ct)));
        Assert.Equal(("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, "Request limit exceeded."), await ErrorOf(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct)));
        Assert.Equal(("TooManyRequestsException", HttpStatusCode.TooManyRequests, "Too Many Requests"), await ErrorOf(() => eks.ListClustersAsync(cancellationToken: Ct)));
        Assert.Equal(8, emulator.State.Faults.Injected);
    }

    [Fact]
    public async Task Server_errors_are_Receiver_faults_in_the_query_protocols_shape()
    {
        await using var emulator = await StartAsync(new FaultOptions { Rules = [new FaultRule { Service = "iam", Error = FaultError.Of(FaultErrorKind.Internal) }] });
        using var http = new HttpClient(new AwsSigningHandler(Root, "us-east-1", "iam")) { BaseAddress = emulator.Endpoint };
        using var form = new FormUrlEncodedContent([new("Action", "ListRoles"), new("Version", "2010-05-08")]);
        using var response = await http.PostAsync("/", form, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!;
        var ns = error.Name.Namespace;
        Assert.Equal("ErrorResponse", error.Name.LocalName);
        Assert.Equal("Receiver", error.Element(ns + "Error")!.Element(ns + "Type")!.Value);
        Assert.Equal("ServiceFailure", error.Element(ns + "Error")!.Element(ns + "Code")!.Value);
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), error.Element(ns + "RequestId")!.Value);
    }

    [Fact]
    public async Task A_given_code_and_status_are_answered_as_given_in_JSON_shape()
    {
        await using var emulator = await StartAsync();
        await SetRulesAsync(emulator, """[{"service":"secretsmanager","operation":"ListSecrets","error":{"statusCode":400,"code":"ThrottlingException","message":"Slow down, please"}}]""");
        using var secrets = new SecretsManagerClient(Options(emulator));
        Assert.Equal(("ThrottlingException", HttpStatusCode.BadRequest, "Slow down, please"), await ErrorOf(() => secrets.ListSecretsAsync(cancellationToken: Ct)));

        // A known code without a message gets the service's own sentence.
        await SetRulesAsync(emulator, """[{"service":"kms","error":{"statusCode":500,"code":"KMSInternalException"}}]""");
        using var kms = new AmazonKeyManagementServiceClient(Root, Config<AmazonKeyManagementServiceConfig>(emulator));
        var (code, status, message) = await ErrorOf(() => kms.ListKeysAsync(new ListKeysRequest(), Ct));
        Assert.Equal(("KMSInternalException", HttpStatusCode.InternalServerError), (code, status));
        Assert.StartsWith("The request was rejected because an internal exception occurred.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_faulted_call_changes_nothing()
    {
        await using var emulator = await StartAsync();
        using var iam = new IamClient(Options(emulator));
        using var s3 = new AmazonS3Client(Root, Config<AmazonS3Config>(emulator));
        await s3.PutBucketAsync("faulted-writes", Ct);
        await SetRulesAsync(emulator, """[{"service":"iam","operation":"CreateRole"},{"service":"s3","operation":"PutObject","error":"internal"}]""");

        Assert.Equal("ServiceUnavailable", (await ErrorOf(() => iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "never-made", AssumeRolePolicyDocument = Trust }, Ct))).Code);
        Assert.Equal("InternalError", (await ErrorOf(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = "faulted-writes", Key = "k", ContentBody = "v" }, Ct))).Code);

        await SetRulesAsync(emulator, "[]");
        Assert.Equal("NoSuchEntity", (await ErrorOf(() => iam.GetRoleAsync("never-made", Ct))).Code);
        Assert.Equal("NoSuchKey", (await ErrorOf(() => s3.GetObjectAsync("faulted-writes", "k", Ct))).Code);
    }

    [Fact]
    public async Task Every_nth_call_of_each_operation_fails_so_a_retry_passes()
    {
        await using var emulator = await StartAsync(new FaultOptions { Rules = [FaultRuleReader.ParseSpec("service=iam,every=3,error=throttling")] });
        using var iam = new IamClient(Options(emulator));

        async Task<bool> Passes(Func<Task> call)
        {
            try
            {
                await call();
                return true;
            }
            catch (AwsApiException e) when (e.ErrorCode == "Throttling")
            {
                return false;
            }
        }

        var outcomes = new List<bool>();
        for (var i = 0; i < 7; i++) outcomes.Add(await Passes(() => iam.ListRolesPageAsync(cancellationToken: Ct)));
        Assert.Equal([true, true, false, true, true, false, true], outcomes);

        // Another operation keeps its own count: its first two calls pass though ListRoles has been called seven times.
        Assert.True(await Passes(() => iam.ListPoliciesPageAsync(new ListPoliciesRequest(), Ct)));
        Assert.True(await Passes(() => iam.ListPoliciesPageAsync(new ListPoliciesRequest(), Ct)));
        Assert.False(await Passes(() => iam.ListPoliciesPageAsync(new ListPoliciesRequest(), Ct)));
    }

    [Fact]
    public async Task Rules_match_by_region_and_operation()
    {
        await using var emulator = await StartAsync();
        await SetRulesAsync(emulator, """[{"service":"sts","region":"eu-west-1"},{"service":"kms","operation":"CreateKey"}]""");
        using var stsHome = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator));
        using var stsAway = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator, "eu-west-1"));
        using var kms = new AmazonKeyManagementServiceClient(Root, Config<AmazonKeyManagementServiceConfig>(emulator));

        await stsHome.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);
        Assert.Equal("ServiceUnavailable", (await ErrorOf(() => stsAway.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct))).Code);
        await kms.ListKeysAsync(new ListKeysRequest(), Ct);
        Assert.Equal("ServiceUnavailable", (await ErrorOf(() => kms.CreateKeyAsync(new CreateKeyRequest(), Ct))).Code);
    }

    [Fact]
    public async Task A_probability_draws_from_the_seed_so_a_run_repeats()
    {
        async Task<List<bool>> RunAsync()
        {
            await using var emulator = await StartAsync(new FaultOptions { Seed = 1234, Rules = [new FaultRule { Service = "sts", Probability = 0.5 }] });
            using var sts = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator));
            var outcomes = new List<bool>();
            for (var i = 0; i < 24; i++)
            {
                try
                {
                    await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);
                    outcomes.Add(true);
                }
                catch (AmazonSecurityTokenServiceException e) when (e.ErrorCode == "ServiceUnavailable")
                {
                    outcomes.Add(false);
                }
            }

            return outcomes;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public async Task Latency_is_waited_on_the_emulators_clock_before_the_answer()
    {
        var clock = new DelayRecordingClock();
        await using var emulator = await StartAsync(new FaultOptions { Effects = new FaultEffects { Latency = 250 }, Rules = [new FaultRule { Service = "kms", Latency = 100 }] }, clock);
        using var kms = new AmazonKeyManagementServiceClient(Root, Config<AmazonKeyManagementServiceConfig>(emulator));
        using var sts = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator));

        // A latency-only rule delays the call, which then runs: the key is made.
        var key = await kms.CreateKeyAsync(new CreateKeyRequest(), Ct);
        Assert.NotNull(key.KeyMetadata.KeyId);
        await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);

        Assert.Contains(TimeSpan.FromMilliseconds(350), clock.Delays);
        Assert.Contains(TimeSpan.FromMilliseconds(250), clock.Delays);
    }

    /// <summary>The system clock, except that each wait asked of it is noted and ends at once (no test sleeps for real).</summary>
    private sealed class DelayRecordingClock : TimeProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> delays = new();

        public IReadOnlyCollection<TimeSpan> Delays => delays;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan) delays.Enqueue(dueTime);
            return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
        }
    }
}
