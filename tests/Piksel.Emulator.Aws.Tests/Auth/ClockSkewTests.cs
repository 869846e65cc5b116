using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Auth;

/// <summary>
/// How far a signed request's time may stray from the clock, and what each protocol answers beyond: S3 allows 15
/// minutes (RequestTimeTooSkewed with MaxAllowedSkewMilliseconds), STS and EC2 15 minutes, Secrets Manager, KMS,
/// Logs, IAM and EKS five; a request dated ahead is "Signature not yet current", one behind "Signature expired".
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ClockSkewTests(EmulatorFixture fixture)
{
    private static readonly HttpClient Http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<RawResponse> SendAsync(RawRequest request, string service, TimeSpan offset) =>
        request.Sign(fixture.Emulator.Endpoint, service, DateTimeOffset.UtcNow + offset).SendAsync(Http, fixture.Emulator.Endpoint, Ct);

    [Fact]
    public async Task S3_allows_fifteen_minutes_either_way()
    {
        var list = new RawRequest { Method = "GET", PathAndQuery = "/" };
        Assert.Equal(200, (await SendAsync(list, "s3", TimeSpan.FromMinutes(-10))).Status);
        Assert.Equal(200, (await SendAsync(list, "s3", TimeSpan.FromMinutes(10))).Status);
        foreach (var offset in new[] { TimeSpan.FromMinutes(-16), TimeSpan.FromMinutes(16) })
        {
            var skewed = await SendAsync(list, "s3", offset);
            Assert.Equal(403, skewed.Status);
            Assert.Equal("RequestTimeTooSkewed", ErrorShape.Code(skewed, AwsProtocol.RestXml));
            Assert.Equal("The difference between the request time and the current time is too large.", ErrorShape.Message(skewed, AwsProtocol.RestXml));
            Assert.Equal("900000", ErrorShape.S3Element(skewed, "MaxAllowedSkewMilliseconds"));
            Assert.NotNull(ErrorShape.S3Element(skewed, "RequestTime"));
            Assert.NotNull(ErrorShape.S3Element(skewed, "ServerTime"));
        }
    }

    [Fact]
    public async Task STS_allows_fifteen_minutes_and_says_which_way_it_was_off()
    {
        var call = RawRequest.Query("Action=GetCallerIdentity&Version=2011-06-15");
        Assert.Equal(200, (await SendAsync(call, "sts", TimeSpan.FromMinutes(-10))).Status);

        var past = await SendAsync(call, "sts", TimeSpan.FromMinutes(-16));
        Assert.Equal(403, past.Status);
        Assert.Equal("SignatureDoesNotMatch", ErrorShape.Code(past, AwsProtocol.Query));
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$", ErrorShape.Message(past, AwsProtocol.Query));

        var future = await SendAsync(call, "sts", TimeSpan.FromMinutes(16));
        Assert.Equal(403, future.Status);
        Assert.Matches(@"^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$", ErrorShape.Message(future, AwsProtocol.Query));
    }

    [Fact]
    public async Task Secrets_Manager_allows_five_minutes_and_answers_400_InvalidSignatureException()
    {
        var call = RawRequest.Json("secretsmanager.ListSecrets", "{}");
        Assert.Equal(200, (await SendAsync(call, "secretsmanager", TimeSpan.FromMinutes(-4))).Status);

        var past = await SendAsync(call, "secretsmanager", TimeSpan.FromMinutes(-6));
        Assert.Equal(400, past.Status);
        Assert.Equal("InvalidSignatureException", ErrorShape.Code(past, AwsProtocol.Json11));
        Assert.Matches(@"^Signature expired: .* \(\d{8}T\d{6}Z - 5 min\.\)$", ErrorShape.Message(past, AwsProtocol.Json11));

        var future = await SendAsync(call, "secretsmanager", TimeSpan.FromMinutes(6));
        Assert.Equal(400, future.Status);
        Assert.Matches(@"^Signature not yet current: .* \(\d{8}T\d{6}Z \+ 5 min\.\)$", ErrorShape.Message(future, AwsProtocol.Json11));
    }

    [Fact]
    public async Task IAM_EKS_and_EC2_answer_in_their_own_shapes()
    {
        var iam = await SendAsync(RawRequest.Query("Action=ListRoles&Version=2010-05-08"), "iam", TimeSpan.FromMinutes(6));
        Assert.Equal(403, iam.Status);
        Assert.Equal("SignatureDoesNotMatch", ErrorShape.Code(iam, AwsProtocol.Query));
        Assert.StartsWith("Signature not yet current: ", ErrorShape.Message(iam, AwsProtocol.Query), StringComparison.Ordinal);

        var eks = await SendAsync(new RawRequest { Method = "GET", PathAndQuery = "/clusters" }, "eks", TimeSpan.FromMinutes(-6));
        Assert.Equal(403, eks.Status);
        Assert.Equal("InvalidSignatureException", ErrorShape.Code(eks, AwsProtocol.RestJson));

        var ec2Call = RawRequest.Query("Action=DescribeAvailabilityZones&Version=2016-11-15");
        Assert.Equal(200, (await SendAsync(ec2Call, "ec2", TimeSpan.FromMinutes(-10))).Status);
        var ec2 = await SendAsync(ec2Call, "ec2", TimeSpan.FromMinutes(-16));
        Assert.Equal(400, ec2.Status);
        Assert.Equal("RequestExpired", ErrorShape.Code(ec2, AwsProtocol.Ec2));
    }
}
