using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Tests.Eks;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Hosting;

/// <summary>A request refused by IAM is explained by <c>/_piksel/requests/&lt;id&gt;</c> and by its span; the wire error stays AWS's.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class RecentRequestsTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TerriaPolicy = """{"Version":"2012-10-17","Statement":[{"Sid":"TerriaData","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::terria-*/*"}]}""";

    /// <summary>A user allowed only terria-* buckets reads an argo-artifacts bucket: refused by IAM.</summary>
    internal static async Task<(string RequestId, string UserArn, string Bucket, AmazonS3Exception Error)> DeniedReadAsync(EmulatorFixture fixture, string user)
    {
        using var root = fixture.S3();
        var bucket = await root.NewBucketAsync("argo-artifacts");
        await root.PutTextAsync(bucket, "report.txt", "hello");
        var iam = EksTestKit.NewIam(fixture.Emulator.Endpoint, fixture.RootCredentials);
        var (arn, credentials) = await EksTestKit.UserAsync(iam, user, TerriaPolicy);
        using var s3 = new AmazonS3Client(credentials, fixture.Config<AmazonS3Config>());
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "report.txt", Ct));
        return (error.RequestId, arn, bucket, error);
    }

    [Fact]
    public async Task A_request_refused_by_IAM_is_explained_by_its_request_id()
    {
        var (requestId, userArn, bucket, error) = await DeniedReadAsync(fixture, "terria-explain");

        Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden), (error.ErrorCode, error.StatusCode));
        Assert.Equal($"User: {userArn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::{bucket}/report.txt because no identity-based policy allows the s3:GetObject action", error.Message);

        using var http = new HttpClient();
        var body = JsonNode.Parse(await http.GetStringAsync($"{fixture.ServiceUrl}{RequestsEndpoint.Path}/{requestId}", Ct))!;
        Assert.Equal(requestId, body["requestId"]!.GetValue<string>());
        Assert.Equal(userArn, body["principal"]!.GetValue<string>());
        Assert.Equal("s3:GetObject", body["action"]!.GetValue<string>());
        Assert.Equal($"arn:aws:s3:::{bucket}/report.txt", body["resource"]!.GetValue<string>());
        Assert.Equal("ImplicitDeny", body["decision"]!.GetValue<string>());
        Assert.Equal(403, body["status"]!.GetValue<int>());
        Assert.Equal("AccessDenied", body["errorCode"]!.GetValue<string>());
        var explanation = body["explanation"]!;
        Assert.Equal("identity-based policy", explanation["decidedBy"]!.GetValue<string>());
        var statement = explanation["statements"]!.AsArray().Single()!;
        Assert.Equal(("inline", "TerriaData", "ResourceNotMatched"),
            (statement["policy"]!.GetValue<string>(), statement["statement"]!.GetValue<string>(), statement["outcome"]!.GetValue<string>()));
        Assert.Contains("TerriaData", explanation["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_span_carries_the_decision_and_its_explanation()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AwsTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        var (requestId, userArn, _, _) = await DeniedReadAsync(fixture, "terria-span");

        Activity span;
        lock (spans) span = Assert.Single(spans, a => (string?)a.GetTagItem("aws.request_id") == requestId);
        Assert.Equal("s3", span.GetTagItem("aws.service"));
        Assert.Equal("GetObject", span.GetTagItem("aws.operation"));
        Assert.Equal(userArn, span.GetTagItem("aws.principal.arn"));
        Assert.Equal("000000000000", span.GetTagItem("aws.account"));
        Assert.Equal("us-east-1", span.GetTagItem("aws.region"));
        Assert.Equal("implicit deny", span.GetTagItem("aws.iam.decision"));
        Assert.Equal("AccessDenied", span.GetTagItem("aws.error.code"));
        Assert.Equal(403, span.GetTagItem("http.response.status_code"));
        Assert.Contains("TerriaData", (string)span.GetTagItem("aws.iam.explanation")!, StringComparison.Ordinal);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_and_other_methods_get_clear_JSON_errors()
    {
        using var http = new HttpClient();
        var unknown = await http.GetAsync($"{fixture.ServiceUrl}{RequestsEndpoint.Path}/{Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("RequestNotFound", JsonNode.Parse(await unknown.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>());

        var tooLong = await http.GetAsync($"{fixture.ServiceUrl}{RequestsEndpoint.Path}/{new string('a', 500)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("InvalidRequestId", JsonNode.Parse(await tooLong.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>());

        var post = await http.PostAsync($"{fixture.ServiceUrl}{RequestsEndpoint.Path}/x", new StringContent("{}"), Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("MethodNotAllowed", JsonNode.Parse(await post.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>());
    }

    [Fact]
    public void The_ring_forgets_the_oldest_beyond_its_capacity()
    {
        var ring = new RecentRequests(2);
        RequestRecord Record(string id) => new() { RequestId = id, Time = DateTimeOffset.UnixEpoch, Service = "s3", Principal = "anonymous", Account = "", Region = "", Status = 200, Decisions = [] };
        ring.Add(Record("a"));
        ring.Add(Record("b"));
        ring.Add(Record("c"));
        Assert.Null(ring.Find("a"));
        Assert.NotNull(ring.Find("b"));
        Assert.NotNull(ring.Find("c"));
        new RecentRequests(0).Add(Record("z"));
    }
}
