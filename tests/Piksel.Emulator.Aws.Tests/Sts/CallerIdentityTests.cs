using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;

namespace Piksel.Emulator.Aws.Tests.Sts;

[Collection(EmulatorCollection.Name)]
public sealed class CallerIdentityTests(EmulatorFixture fixture)
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    private AmazonSecurityTokenServiceClient Client(AWSCredentials credentials) => new(credentials, fixture.Config<AmazonSecurityTokenServiceConfig>());

    [Fact]
    public async Task Root_is_the_account_itself()
    {
        using var sts = Client(fixture.RootCredentials);
        var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.Equal("000000000000", me.Account);
        Assert.Equal("000000000000", me.UserId);
        Assert.Equal("arn:aws:iam::000000000000:root", me.Arn);

        using var second = Client(fixture.SecondRootCredentials);
        var other = await second.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.Equal("arn:aws:iam::111111111111:root", other.Arn);
    }

    [Fact]
    public async Task Role_session_is_the_assumed_role()
    {
        var role = StsSeed.Role(fixture.Emulator, "CallerIdentityRole", StsSeed.TrustAccount());
        using var sts = Client(StsSeed.Caller(fixture.Emulator));
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "who-am-i" }, TestContext.Current.CancellationToken);

        using var asRole = Client(assumed.Credentials);
        var me = await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/CallerIdentityRole/who-am-i", me.Arn);
        Assert.Equal($"{role.RoleId}:who-am-i", me.UserId);
        Assert.Equal("000000000000", me.Account);
    }

    [Fact]
    public async Task An_explicit_deny_does_not_stop_GetCallerIdentity_but_stops_GetAccessKeyInfo()
    {
        var denyAll = new Dictionary<string, string> { ["deny"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""" };
        var role = StsSeed.Role(fixture.Emulator, "CallerIdentityDenied", StsSeed.TrustAccount(), inlinePolicies: denyAll);
        using var sts = Client(StsSeed.Caller(fixture.Emulator));
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "denied" }, TestContext.Current.CancellationToken);

        using var asRole = Client(assumed.Credentials);
        var me = await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/CallerIdentityDenied/denied", me.Arn);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => asRole.GetAccessKeyInfoAsync(
            new GetAccessKeyInfoRequest { AccessKeyId = assumed.Credentials.AccessKeyId }, TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Unsigned_call_is_refused()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(fixture.ServiceUrl + "/",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" }),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("MissingAuthenticationToken", error.Descendants(Sts + "Code").Single().Value);
    }

    private sealed class RawStsClient(AwsClientOptions options) : QueryApiClient(options, "sts", "2011-06-15", "sts.amazonaws.com")
    {
        public Task<XElement> Call(string action, CancellationToken ct) => CallAsync(action, [], ct);
    }

    [Fact]
    public async Task Unknown_action_is_InvalidAction()
    {
        using var sts = new RawStsClient(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = fixture.RootCredentials });
        var error = await Assert.ThrowsAsync<AwsApiException>(() => sts.Call("DoSomethingElse", TestContext.Current.CancellationToken));
        Assert.Equal("InvalidAction", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Access_key_info_names_the_account()
    {
        var role = StsSeed.Role(fixture.Emulator, "AccessKeyInfoRole", StsSeed.TrustAccount());
        using var sts = Client(StsSeed.Caller(fixture.Emulator));
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "key-info" }, TestContext.Current.CancellationToken);
        using var second = Client(fixture.SecondRootCredentials);
        var info = await second.GetAccessKeyInfoAsync(new GetAccessKeyInfoRequest { AccessKeyId = assumed.Credentials.AccessKeyId }, TestContext.Current.CancellationToken);
        Assert.Equal("000000000000", info.Account);
    }

    [Fact]
    public async Task Eks_token_is_a_presigned_GetCallerIdentity()
    {
        var role = StsSeed.Role(fixture.Emulator, "EksTokenRole", StsSeed.TrustAccount());
        using var sts = Client(StsSeed.Caller(fixture.Emulator));
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "kubectl" }, TestContext.Current.CancellationToken);
        var c = assumed.Credentials;
        var token = EksToken(fixture.Emulator.Endpoint, "piksel-cluster", c.AccessKeyId, c.SecretAccessKey, c.SessionToken);

        // What an EKS authenticator does with the bearer token: decode the URL and GET it with the cluster id header.
        Assert.StartsWith("k8s-aws-v1.", token, StringComparison.Ordinal);
        var url = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token["k8s-aws-v1.".Length..]));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-k8s-aws-id", "piksel-cluster");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/EksTokenRole/kubectl", body.Descendants(Sts + "Arn").Single().Value);

        // The cluster id is signed: another cluster's name breaks the signature.
        using var forged = new HttpRequestMessage(HttpMethod.Get, url);
        forged.Headers.Add("x-k8s-aws-id", "other-cluster");
        using var refused = await http.SendAsync(forged, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>An EKS bearer token as aws-iam-authenticator makes it: a GetCallerIdentity URL presigned with x-k8s-aws-id among the signed headers.</summary>
    private static string EksToken(Uri endpoint, string cluster, string accessKeyId, string secret, string? sessionToken, string region = "us-east-1")
    {
        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/sts/aws4_request";
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "GetCallerIdentity",
            ["Version"] = "2011-06-15",
            ["X-Amz-Algorithm"] = "AWS4-HMAC-SHA256",
            ["X-Amz-Credential"] = $"{accessKeyId}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Expires"] = "60",
            ["X-Amz-SignedHeaders"] = "host;x-k8s-aws-id",
        };
        if (sessionToken is not null) parameters["X-Amz-Security-Token"] = sessionToken;
        var query = string.Join('&', parameters.Select(p => $"{SigV4Verifier.Encode(p.Key)}={SigV4Verifier.Encode(p.Value)}"));
        var emptyHash = Convert.ToHexStringLower(SHA256.HashData([]));
        var canonical = $"GET\n/\n{query}\nhost:{endpoint.Authority}\nx-k8s-aws-id:{cluster}\n\nhost;x-k8s-aws-id\n{emptyHash}";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigV4Verifier.SigningKey(secret, date, region, "sts"), Encoding.UTF8.GetBytes(toSign)));
        var url = $"{endpoint.GetLeftPart(UriPartial.Authority)}/?{query}&X-Amz-Signature={signature}";
        return "k8s-aws-v1." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(url);
    }
}
