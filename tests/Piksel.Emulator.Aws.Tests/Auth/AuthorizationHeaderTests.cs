using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Auth;

/// <summary>
/// A SigV4 Authorization header that cannot be read is a 400 in the service's own words, found before any key is
/// looked up (the access key here was never issued): the query and JSON services' IncompleteSignature quoting the
/// header, S3's AuthorizationHeaderMalformed or InvalidArgument. A repeated parameter once answered 500.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AuthorizationHeaderTests(EmulatorFixture fixture)
{
    private const string Scope = "AKIANEVERISSUED/20260101/us-east-1";
    private static readonly HttpClient Http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<RawResponse> SendAsync(RawRequest request, string authorization) =>
        request.With("Authorization", authorization).With("X-Amz-Date", "20260101T000000Z").SendAsync(Http, fixture.Emulator.Endpoint, Ct);

    private static RawRequest Sts => RawRequest.Query("Action=GetCallerIdentity&Version=2011-06-15");

    private static RawRequest Kms => RawRequest.Json("TrentService.ListKeys", "{}");

    private static RawRequest S3 => new() { Method = "GET", PathAndQuery = "/some-bucket/key" };

    public static TheoryData<string> Repeated => new()
    {
        $"AWS4-HMAC-SHA256 Credential={Scope}/sts/aws4_request, Credential={Scope}/sts/aws4_request, SignedHeaders=host, Signature=00",
        $"AWS4-HMAC-SHA256 Credential={Scope}/sts/aws4_request, SignedHeaders=host, Signature=00, Signature=11",
        $"AWS4-HMAC-SHA256 Credential={Scope}/sts/aws4_request, SignedHeaders=host, SignedHeaders=x-amz-date, Signature=00",
    };

    [Theory]
    [MemberData(nameof(Repeated))]
    public async Task A_repeated_parameter_is_IncompleteSignature_for_a_query_service(string authorization)
    {
        var response = await SendAsync(Sts, authorization);
        Assert.Equal(400, response.Status);
        Assert.Equal("IncompleteSignature", ErrorShape.Code(response, AwsProtocol.Query));
        Assert.Contains("repeated", ErrorShape.Message(response, AwsProtocol.Query), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Repeated))]
    public async Task A_repeated_parameter_is_IncompleteSignatureException_for_a_JSON_service(string authorization)
    {
        var response = await SendAsync(Kms, authorization.Replace("/sts/", "/kms/", StringComparison.Ordinal));
        Assert.Equal(400, response.Status);
        Assert.Equal("IncompleteSignatureException", ErrorShape.Code(response, AwsProtocol.Json11));
    }

    [Theory]
    [MemberData(nameof(Repeated))]
    public async Task A_repeated_parameter_is_AuthorizationHeaderMalformed_for_S3(string authorization)
    {
        var response = await SendAsync(S3, authorization.Replace("/sts/", "/s3/", StringComparison.Ordinal));
        Assert.Equal(400, response.Status);
        Assert.Equal("AuthorizationHeaderMalformed", ErrorShape.Code(response, AwsProtocol.RestXml));
        Assert.StartsWith("The authorization header is malformed; ", ErrorShape.Message(response, AwsProtocol.RestXml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_without_an_equal_sign_is_quoted_with_the_header()
    {
        var header = $"AWS4-HMAC-SHA256 Credential= {Scope}/sts/aws4_request, SignedHeaders=host, Signature=00";
        var response = await SendAsync(Sts, header);
        Assert.Equal(400, response.Status);
        Assert.Equal($"'{Scope}/sts/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.",
            ErrorShape.Message(response, AwsProtocol.Query));
    }

    [Fact]
    public async Task Missing_parameters_are_each_named()
    {
        var header = $"AWS4-HMAC-SHA256 Credential={Scope}/sts/aws4_request";
        var response = await Sts.With("Authorization", header).SendAsync(Http, fixture.Emulator.Endpoint, Ct);
        Assert.Equal(400, response.Status);
        Assert.Equal("Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + header,
            ErrorShape.Message(response, AwsProtocol.Query));
    }

    [Fact]
    public async Task An_X_Amz_Date_not_in_basic_format_is_IncompleteSignature()
    {
        var response = await Sts.With("Authorization", $"AWS4-HMAC-SHA256 Credential={Scope}/sts/aws4_request, SignedHeaders=host, Signature=00")
            .With("X-Amz-Date", "2026-01-01T00:00:00Z").SendAsync(Http, fixture.Emulator.Endpoint, Ct);
        Assert.Equal(400, response.Status);
        Assert.Equal("Date must be in ISO-8601 'basic format'. Got '2026-01-01T00:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
            ErrorShape.Message(response, AwsProtocol.Query));
    }

    public static TheoryData<string, int, string, string> S3Headers => new()
    {
        { "AWS4-HMAC-SHA256", 400, "InvalidArgument", "Authorization header is invalid -- one and only one ' ' (space) required." },
        { "Bearer abc", 400, "InvalidArgument", "Unsupported Authorization Type" },
        { $"AWS4-HMAC-SHA256 Credential={Scope}/s3/aws4_request, Signature=00", 400, "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature." },
        { $"AWS4-HMAC-SHA256 Credential={Scope}/s3/aws4_request, SignedHeaders=host, Signature", 400, "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the authorization component \"Signature\" is malformed." },
        { "AWS4-HMAC-SHA256 Credential=AKIANEVERISSUED/us-east-1/s3, SignedHeaders=host, Signature=00", 400, "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"." },
    };

    [Theory]
    [MemberData(nameof(S3Headers))]
    public async Task S3_names_header_faults_its_own_way(string header, int status, string code, string message)
    {
        var response = await SendAsync(S3, header);
        Assert.Equal(status, response.Status);
        Assert.Equal(code, ErrorShape.Code(response, AwsProtocol.RestXml));
        Assert.Equal(message, ErrorShape.Message(response, AwsProtocol.RestXml));
    }

    [Fact]
    public async Task S3_without_a_date_is_AccessDenied()
    {
        var response = await S3.With("Authorization", $"AWS4-HMAC-SHA256 Credential={Scope}/s3/aws4_request, SignedHeaders=host, Signature=00")
            .SendAsync(Http, fixture.Emulator.Endpoint, Ct);
        Assert.Equal(403, response.Status);
        Assert.Equal("AccessDenied", ErrorShape.Code(response, AwsProtocol.RestXml));
        Assert.Equal("AWS authentication requires a valid Date or x-amz-date header", ErrorShape.Message(response, AwsProtocol.RestXml));
    }
}
