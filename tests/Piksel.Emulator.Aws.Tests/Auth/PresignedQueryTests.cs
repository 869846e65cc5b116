using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Auth;

/// <summary>
/// Presigned URLs' query parameters as S3 checks them, before the signature or the key: an X-Amz-Expires that is not a
/// whole number of seconds from 0 to 604800 is AuthorizationQueryParametersError (it once let a 30-day-old URL with
/// X-Amz-Expires=abc read the object), and so are a missing parameter, a mal-formed credential and a bad X-Amz-Date.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PresignedQueryTests(EmulatorFixture fixture)
{
    private const string TooLong = "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds";
    private const string MissingParameters =
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

    private static readonly HttpClient Http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Endpoint => fixture.Emulator.Endpoint;

    public static TheoryData<string, string> BadExpires => new()
    {
        { "abc", "X-Amz-Expires should be a number" },
        { "", "X-Amz-Expires should be a number" },
        { "1.5", "X-Amz-Expires should be a number" },
        { "0x10", "X-Amz-Expires should be a number" },
        { "1e3", "X-Amz-Expires should be a number" },
        { " 60", "X-Amz-Expires should be a number" },
        { "99999999999999999999", "X-Amz-Expires should be a number" },
        { "-1", "X-Amz-Expires must be non-negative" },
        { "604801", TooLong },
        { "2592000", TooLong },
    };

    [Theory]
    [MemberData(nameof(BadExpires))]
    public async Task A_url_dated_30_days_ago_with_a_bad_X_Amz_Expires_is_refused_and_reads_nothing(string expires, string message)
    {
        var (bucket, http) = await ObjectAsync();
        var request = new RawRequest { Method = "GET", PathAndQuery = $"/{bucket}/secret.txt" }
            .Presign(Endpoint, "s3", DateTimeOffset.UtcNow.AddDays(-30), expires);
        var response = await request.SendAsync(http, Endpoint, Ct);

        Assert.Equal(400, response.Status);
        Assert.Equal("AuthorizationQueryParametersError", ErrorShape.Code(response, AwsProtocol.RestXml));
        Assert.Equal(message, ErrorShape.Message(response, AwsProtocol.RestXml));
        Assert.DoesNotContain("the secret body", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_week_is_the_longest_a_url_lives()
    {
        var (bucket, http) = await ObjectAsync();
        var path = $"/{bucket}/secret.txt";
        var fresh = await new RawRequest { Method = "GET", PathAndQuery = path }.Presign(Endpoint, "s3", DateTimeOffset.UtcNow, "604800").SendAsync(http, Endpoint, Ct);
        Assert.Equal(200, fresh.Status);
        Assert.Equal("the secret body", fresh.Text);

        var old = await new RawRequest { Method = "GET", PathAndQuery = path }.Presign(Endpoint, "s3", DateTimeOffset.UtcNow.AddDays(-8), "604800").SendAsync(http, Endpoint, Ct);
        Assert.Equal(403, old.Status);
        Assert.Equal("AccessDenied", ErrorShape.Code(old, AwsProtocol.RestXml));
        Assert.Equal("Request has expired", ErrorShape.Message(old, AwsProtocol.RestXml));
        Assert.Equal("604800", ErrorShape.S3Element(old, "X-Amz-Expires"));
    }

    [Fact]
    public async Task A_url_dated_beyond_the_window_ahead_is_not_yet_valid()
    {
        var (bucket, http) = await ObjectAsync();
        var response = await new RawRequest { Method = "GET", PathAndQuery = $"/{bucket}/secret.txt" }
            .Presign(Endpoint, "s3", DateTimeOffset.UtcNow.AddHours(1), "60").SendAsync(http, Endpoint, Ct);
        Assert.Equal(403, response.Status);
        Assert.Equal("AccessDenied", ErrorShape.Code(response, AwsProtocol.RestXml));
        Assert.Equal("Request is not yet valid", ErrorShape.Message(response, AwsProtocol.RestXml));
        Assert.NotNull(ErrorShape.S3Element(response, "ServerTime"));
    }

    public static TheoryData<string, string?, string> BadParameters => new()
    {
        { "X-Amz-Date", "", MissingParameters },
        { "X-Amz-SignedHeaders", "", MissingParameters },
        { "X-Amz-Date", "2026-01-01T00:00:00Z", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"" },
        { "X-Amz-Credential", "test/us-east-1/s3", "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"." },
        { "X-Amz-Credential", "test/20260101/us-east-1/s3/aws5_request", "Error parsing the X-Amz-Credential parameter; incorrect terminal \"aws5_request\". This endpoint uses \"aws4_request\"." },
        { "X-Amz-Credential", "test/2026-1-1/us-east-1/s3/aws4_request", "Error parsing the X-Amz-Credential parameter; incorrect date format \"2026-1-1\". This date in the credential must be in the format \"yyyyMMdd\"." },
        { "X-Amz-Algorithm", "AWS4-HMAC-SHA512", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256\"" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task Other_unusable_parameters_are_AuthorizationQueryParametersError(string name, string? value, string message)
    {
        var (bucket, http) = await ObjectAsync();
        var request = new RawRequest { Method = "GET", PathAndQuery = $"/{bucket}/secret.txt" }
            .Presign(Endpoint, "s3", DateTimeOffset.UtcNow, "60", extra: new Dictionary<string, string> { [name] = value ?? "" });
        var response = await request.SendAsync(http, Endpoint, Ct);

        Assert.Equal(400, response.Status);
        Assert.Equal("AuthorizationQueryParametersError", ErrorShape.Code(response, AwsProtocol.RestXml));
        Assert.Equal(message, ErrorShape.Message(response, AwsProtocol.RestXml));
    }

    [Fact]
    public async Task S3_needs_X_Amz_Expires_and_a_credential_date_that_is_X_Amz_Dates()
    {
        var (bucket, http) = await ObjectAsync();
        var path = $"/{bucket}/secret.txt";
        var noExpiry = await new RawRequest { Method = "GET", PathAndQuery = path }.Presign(Endpoint, "s3", DateTimeOffset.UtcNow.AddDays(-30), null).SendAsync(http, Endpoint, Ct);
        Assert.Equal(400, noExpiry.Status);
        Assert.Equal(MissingParameters, ErrorShape.Message(noExpiry, AwsProtocol.RestXml));

        var otherDay = await new RawRequest { Method = "GET", PathAndQuery = path }
            .Presign(Endpoint, "s3", DateTimeOffset.UtcNow, "60", extra: new Dictionary<string, string> { ["X-Amz-Credential"] = "test/20200101/us-east-1/s3/aws4_request" })
            .SendAsync(http, Endpoint, Ct);
        Assert.Equal(400, otherDay.Status);
        Assert.StartsWith("Invalid credential date \"20200101\". This date is not the same as X-Amz-Date: \"", ErrorShape.Message(otherDay, AwsProtocol.RestXml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_S3_a_presigned_url_without_X_Amz_Expires_is_held_to_the_clock_window()
    {
        var http = Http;
        var request = new RawRequest { Method = "GET", PathAndQuery = "/?Action=GetCallerIdentity&Version=2011-06-15" };
        var fresh = await request.Presign(Endpoint, "sts", DateTimeOffset.UtcNow, null).SendAsync(http, Endpoint, Ct);
        Assert.Equal(200, fresh.Status);

        var old = await request.Presign(Endpoint, "sts", DateTimeOffset.UtcNow.AddDays(-30), null).SendAsync(http, Endpoint, Ct);
        Assert.Equal(403, old.Status);
        Assert.Equal("SignatureDoesNotMatch", ErrorShape.Code(old, AwsProtocol.Query));
        Assert.StartsWith("Signature expired: ", ErrorShape.Message(old, AwsProtocol.Query), StringComparison.Ordinal);

        var bad = await request.Presign(Endpoint, "sts", DateTimeOffset.UtcNow.AddDays(-30), "abc").SendAsync(http, Endpoint, Ct);
        Assert.Equal(400, bad.Status);
        Assert.Equal("IncompleteSignature", ErrorShape.Code(bad, AwsProtocol.Query));
        Assert.Equal("X-Amz-Expires should be a number", ErrorShape.Message(bad, AwsProtocol.Query));
    }

    private async Task<(string Bucket, HttpClient Http)> ObjectAsync()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("presign-hard");
        await s3.PutTextAsync(bucket, "secret.txt", "the secret body");
        return (bucket, Http);
    }
}
