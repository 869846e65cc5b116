using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Hosting;

/// <summary>
/// One edge port, many services: a request is routed by what it carries (X-Amz-Target, credential scope, Action and
/// Version), never by a missing signature, and a service the emulator does not serve is named in the answer, in the
/// protocol the request speaks, instead of falling through to S3.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class RoutingTests(EmulatorFixture fixture)
{
    private static readonly HttpClient Http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Endpoint => fixture.Emulator.Endpoint;

    [Theory]
    [InlineData("Logs_20140328.DescribeLogGroups")]
    [InlineData("secretsmanager.ListSecrets")]
    [InlineData("TrentService.ListKeys")]
    public async Task An_unsigned_JSON_call_is_its_services_MissingAuthenticationTokenException(string target)
    {
        var response = await RawRequest.Json(target, "{}").SendAsync(Http, Endpoint, Ct);
        Assert.Equal(403, response.Status);
        Assert.Equal("MissingAuthenticationTokenException", ErrorShape.Code(response, AwsProtocol.Json11));
        Assert.Equal("Missing Authentication Token", ErrorShape.Message(response, AwsProtocol.Json11));
    }

    [Fact]
    public async Task An_unknown_operation_is_named_with_its_service()
    {
        var response = await RawRequest.Json("Logs_20140328.NoSuchOperation", "{}").Sign(Endpoint, "logs", DateTimeOffset.UtcNow).SendAsync(Http, Endpoint, Ct);
        Assert.Equal(400, response.Status);
        Assert.Equal("UnknownOperationException", ErrorShape.Code(response, AwsProtocol.Json11));
        Assert.Contains("NoSuchOperation", ErrorShape.Message(response, AwsProtocol.Json11), StringComparison.Ordinal);
        Assert.Contains("CloudWatch Logs", ErrorShape.Message(response, AwsProtocol.Json11), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_service_the_emulator_does_not_serve_is_named_in_JSON()
    {
        var response = await RawRequest.Json("DynamoDB_20120810.ListTables", "{}").Sign(Endpoint, "dynamodb", DateTimeOffset.UtcNow).SendAsync(Http, Endpoint, Ct);
        Assert.Equal(400, response.Status);
        Assert.Equal("UnknownOperationException", ErrorShape.Code(response, AwsProtocol.Json11));
        Assert.Contains("DynamoDB_20120810.ListTables", ErrorShape.Message(response, AwsProtocol.Json11), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_service_the_emulator_does_not_serve_is_named_in_XML()
    {
        var response = await RawRequest.Query("Action=ListTopics&Version=2010-03-31").Sign(Endpoint, "sns", DateTimeOffset.UtcNow).SendAsync(Http, Endpoint, Ct);
        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidAction", ErrorShape.Code(response, AwsProtocol.Query));
        Assert.Contains("'sns'", ErrorShape.Message(response, AwsProtocol.Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_EC2_call_is_routed_by_its_Version_and_answered_in_EC2s_shape()
    {
        var response = await RawRequest.Query("Action=DescribeAvailabilityZones&Version=2016-11-15").SendAsync(Http, Endpoint, Ct);
        Assert.Equal(403, response.Status);
        Assert.Equal("MissingAuthenticationToken", ErrorShape.Code(response, AwsProtocol.Ec2));
    }

    [Fact]
    public async Task A_key_with_control_characters_is_stored_and_listed_as_S3_lists_it()
    {
        using var s3 = S3.S3TestKit.S3(fixture);
        var bucket = await S3.S3TestKit.NewBucketAsync(s3, "ctl-key");
        var put = await new RawRequest { Method = "PUT", PathAndQuery = $"/{bucket}/a%01b", Body = "x"u8.ToArray() }.Sign(Endpoint, "s3", DateTimeOffset.UtcNow).SendAsync(Http, Endpoint, Ct);
        Assert.Equal(200, put.Status);

        var encoded = await new RawRequest { Method = "GET", PathAndQuery = $"/{bucket}?list-type=2&encoding-type=url" }.Sign(Endpoint, "s3", DateTimeOffset.UtcNow).SendAsync(Http, Endpoint, Ct);
        Assert.Equal(200, encoded.Status);
        Assert.Contains("<Key>a%01b</Key>", encoded.Text, StringComparison.Ordinal);

        // Without encoding-type S3 writes the character as a character reference, as it does: the answer never fails.
        var raw = await new RawRequest { Method = "GET", PathAndQuery = $"/{bucket}?list-type=2" }.Sign(Endpoint, "s3", DateTimeOffset.UtcNow).SendAsync(Http, Endpoint, Ct);
        Assert.Equal(200, raw.Status);
        Assert.Contains("<Key>a&#x1;b</Key>", raw.Text, StringComparison.Ordinal);

        var anonymous = await new RawRequest { Method = "GET", PathAndQuery = $"/{bucket}/a%01b" }.SendAsync(Http, Endpoint, Ct);
        Assert.Equal(403, anonymous.Status);
        Assert.Equal("AccessDenied", ErrorShape.Code(anonymous, AwsProtocol.RestXml));
    }
}
