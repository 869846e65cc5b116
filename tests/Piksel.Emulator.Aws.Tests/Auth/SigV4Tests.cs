using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Auth;

[Collection(EmulatorCollection.Name)]
public sealed class SigV4Tests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Wrong_secret_is_SignatureDoesNotMatch()
    {
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("test", "not-the-secret"), fixture.Config<AmazonSecurityTokenServiceConfig>());
        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_access_key_is_InvalidClientTokenId()
    {
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("AKIA-NOT-ISSUED-HERE", "x"), fixture.Config<AmazonSecurityTokenServiceConfig>());
        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken));
        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Fact]
    public async Task Session_token_on_a_long_term_key_is_refused()
    {
        using var sts = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials("test", "test", "forged-token"), fixture.Config<AmazonSecurityTokenServiceConfig>());
        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken));
        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Fact]
    public async Task Any_region_in_the_scope_is_accepted()
    {
        using var http = new HttpClient();
        using var sts = new AmazonSecurityTokenServiceClient(fixture.RootCredentials, fixture.Config<AmazonSecurityTokenServiceConfig>("ap-southeast-3"));
        // Signature verifies (any failure here would be an auth code, not the service's own answer).
        var error = await Record.ExceptionAsync(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken));
        Assert.True(error is null or AmazonServiceException { ErrorCode: not ("SignatureDoesNotMatch" or "InvalidClientTokenId" or "IncompleteSignature") }, error?.Message);
    }

    [Fact]
    public async Task Unsigned_request_to_a_signed_only_service_is_MissingAuthenticationToken()
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "ListRoles", ["Version"] = "2010-05-08" });
        using var response = await http.PostAsync(fixture.ServiceUrl + "/", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Malformed_authorization_header_is_IncompleteSignature()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.ServiceUrl + "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>IncompleteSignature</Code>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
