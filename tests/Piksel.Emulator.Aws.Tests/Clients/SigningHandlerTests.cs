using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;

namespace Piksel.Emulator.Aws.Tests.Clients;

/// <summary>Our AWSSDK.Core-signed clients must be accepted by the same SigV4 check the SDK clients pass.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SigningHandlerTests(EmulatorFixture fixture)
{
    private sealed class ProbeQueryClient(AwsClientOptions options) : QueryApiClient(options, "iam", "2010-05-08", "iam.amazonaws.com")
    {
        public Task<System.Xml.Linq.XElement> Call(string action, CancellationToken ct) => CallAsync(action, [], ct);
    }

    private sealed class ProbeJsonClient(AwsClientOptions options) : JsonApiClient(options, "secretsmanager", "secretsmanager")
    {
        public Task<System.Text.Json.Nodes.JsonObject> Call(string op, CancellationToken ct) => CallAsync(op, [], ct);
    }

    private static readonly string[] AuthCodes = ["SignatureDoesNotMatch", "InvalidClientTokenId", "IncompleteSignature", "UnrecognizedClientException", "MissingAuthenticationToken"];

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("ap-southeast-3")]
    public async Task Query_and_json_clients_pass_SigV4(string region)
    {
        var options = new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Region = region, Credentials = fixture.RootCredentials };
        using var query = new ProbeQueryClient(options);
        using var json = new ProbeJsonClient(options);
        var q = await Record.ExceptionAsync(() => query.Call("ListRoles", TestContext.Current.CancellationToken));
        var j = await Record.ExceptionAsync(() => json.Call("ListSecrets", TestContext.Current.CancellationToken));
        Assert.DoesNotContain((q as AwsApiException)?.ErrorCode, AuthCodes);
        Assert.DoesNotContain((j as AwsApiException)?.ErrorCode, AuthCodes);
    }

    [Fact]
    public async Task Wrong_secret_is_refused()
    {
        var options = new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = new BasicAWSCredentials("test", "wrong") };
        using var query = new ProbeQueryClient(options);
        var error = await Assert.ThrowsAsync<AwsApiException>(() => query.Call("ListRoles", TestContext.Current.CancellationToken));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        using var json = new ProbeJsonClient(options);
        var jsonError = await Assert.ThrowsAsync<AwsApiException>(() => json.Call("ListSecrets", TestContext.Current.CancellationToken));
        Assert.Equal("SignatureDoesNotMatch", jsonError.ErrorCode);
    }
}
