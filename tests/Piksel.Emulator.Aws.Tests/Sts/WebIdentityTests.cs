using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>AssumeRoleWithWebIdentity against a real HTTPS OIDC issuer: the token is verified, not trusted.</summary>
public sealed class WebIdentityTests(WebIdentityFixture fixture) : IClassFixture<WebIdentityFixture>
{
    private const string ServiceAccount = "system:serviceaccount:apps:billing";

    private RoleRecord IrsaRole(OidcProviderRecord? provider = null, string subject = ServiceAccount)
    {
        provider ??= fixture.Provider;
        var name = $"WebIdentityTests-{Guid.NewGuid():N}"[..40];
        return StsSeed.Role(fixture.Emulator, name, StsSeed.TrustWebIdentity(provider, subject), maxSessionDuration: 7200, account: provider.AccountId);
    }

    private async Task<AssumeRoleWithWebIdentityResponse> Assume(RoleRecord role, string token, int? duration = null)
    {
        using var sts = fixture.AnonymousClient();
        var request = new AssumeRoleWithWebIdentityRequest { RoleArn = role.Arn, RoleSessionName = "pod-billing-7f9c", WebIdentityToken = token };
        if (duration is { } seconds) request.DurationSeconds = seconds;
        return await sts.AssumeRoleWithWebIdentityAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<AmazonSecurityTokenServiceException> Refused(RoleRecord role, string token) =>
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => Assume(role, token));

    [Fact]
    public async Task Verified_token_gets_role_credentials_that_act_as_the_role()
    {
        var role = IrsaRole();
        var response = await Assume(role, fixture.Issuer.CreateToken(ServiceAccount), duration: 7200);

        Assert.Equal(ServiceAccount, response.SubjectFromWebIdentityToken);
        Assert.Equal(fixture.Provider.Arn, response.Provider);
        Assert.Equal("sts.amazonaws.com", response.Audience);
        Assert.Equal($"arn:aws:sts::000000000000:assumed-role/{role.RoleName}/pod-billing-7f9c", response.AssumedRoleUser.Arn);
        Assert.Equal($"{role.RoleId}:pod-billing-7f9c", response.AssumedRoleUser.AssumedRoleId);
        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddSeconds(7100), DateTime.UtcNow.AddSeconds(7201));
        Assert.Equal(fixture.Provider.Arn, fixture.Emulator.State.Credentials.Sessions.Find(response.Credentials.AccessKeyId)!.FederatedProvider);

        using var asRole = fixture.Client(response.Credentials);
        var me = await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.Equal(response.AssumedRoleUser.Arn, me.Arn);
        Assert.Equal(response.AssumedRoleUser.AssumedRoleId, me.UserId);
    }

    [Fact]
    public async Task Token_signed_by_another_key_is_InvalidIdentityToken()
    {
        using var impostor = RSA.Create(2048);
        var error = await Refused(IrsaRole(), fixture.Issuer.CreateToken(ServiceAccount, key: impostor));
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Token_naming_an_unpublished_kid_is_InvalidIdentityToken()
    {
        using var other = RSA.Create(2048);
        var error = await Refused(IrsaRole(), fixture.Issuer.CreateToken(ServiceAccount, key: other, keyId: "rotated-away"));
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Contains("Couldn't retrieve verification key from your identity provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuer_without_a_provider_in_the_roles_account_is_InvalidIdentityToken()
    {
        var unregistered = fixture.Issuer.Issuer + "-elsewhere";
        var token = fixture.Issuer.CreateToken(ServiceAccount, new Dictionary<string, JsonNode?> { ["iss"] = unregistered });
        var error = await Refused(IrsaRole(), token);
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal($"No OpenIDConnect provider found in your account for {unregistered}", error.Message);
    }

    [Fact]
    public async Task Audience_that_is_no_client_id_is_InvalidIdentityToken()
    {
        var token = fixture.Issuer.CreateToken(ServiceAccount, new Dictionary<string, JsonNode?> { ["aud"] = "https://kubernetes.default.svc" });
        var error = await Refused(IrsaRole(), token);
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Incorrect token audience", error.Message);

        var noAudience = fixture.Issuer.CreateToken(ServiceAccount, new Dictionary<string, JsonNode?> { ["aud"] = null });
        var missing = await Refused(IrsaRole(), noAudience);
        Assert.Equal("InvalidIdentityToken", missing.ErrorCode);
        Assert.Equal("Missing a required claim: aud", missing.Message);
    }

    [Fact]
    public async Task Expired_token_is_ExpiredTokenException()
    {
        var past = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        var token = fixture.Issuer.CreateToken(ServiceAccount, new Dictionary<string, JsonNode?>
        {
            ["iat"] = past,
            ["nbf"] = past,
            ["exp"] = past + 600,
        });
        var error = await Refused(IrsaRole(), token);
        Assert.Equal("ExpiredTokenException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.StartsWith("Token expired: current date/time ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"must be before the expiration date/time {past + 600}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_issued_in_the_future_is_InvalidIdentityToken()
    {
        var later = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var token = fixture.Issuer.CreateToken(ServiceAccount, new Dictionary<string, JsonNode?> { ["iat"] = later, ["nbf"] = later, ["exp"] = later + 3600 });
        var error = await Refused(IrsaRole(), token);
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
    }

    [Fact]
    public async Task Subject_outside_the_trust_policy_is_AccessDenied()
    {
        // The trust policy allows only system:serviceaccount:apps:billing (StringEquals on <issuer host/path>:sub).
        var error = await Refused(IrsaRole(), fixture.Issuer.CreateToken("system:serviceaccount:apps:intruder"));
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", error.Message);
    }

    [Fact]
    public async Task Missing_role_is_AccessDenied()
    {
        var ghost = IrsaRole() with { Arn = "arn:aws:iam::000000000000:role/WebIdentityTests-not-there" };
        var error = await Refused(ghost, fixture.Issuer.CreateToken(ServiceAccount));
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Garbage_token_is_InvalidIdentityToken()
    {
        var error = await Refused(IrsaRole(), "not-a-jwt-at-all");
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
    }

    [Fact]
    public async Task Issuer_with_an_untrusted_certificate_cannot_be_reached()
    {
        // AWS answers InvalidIdentityToken with this sentence when it cannot fetch the keys (captured responses).
        var error = await Refused(IrsaRole(fixture.UntrustedProvider), fixture.UntrustedIssuer.CreateToken(ServiceAccount));
        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements", error.Message);
    }

    [Fact]
    public async Task Untrusted_certificate_is_accepted_only_with_the_providers_thumbprint()
    {
        var wrong = await Refused(IrsaRole(fixture.WrongThumbprintProvider), fixture.UntrustedIssuer.CreateToken(ServiceAccount));
        Assert.Equal("InvalidIdentityToken", wrong.ErrorCode);
        Assert.Equal("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint", wrong.Message);

        var role = IrsaRole(fixture.RightThumbprintProvider);
        var response = await Assume(role, fixture.UntrustedIssuer.CreateToken(ServiceAccount));
        Assert.Equal(fixture.RightThumbprintProvider.Arn, response.Provider);
    }

    [Fact]
    public async Task Keys_are_cached_between_calls()
    {
        var role = IrsaRole();
        // Refused after the signature check (audience), so the keys were needed and fetched.
        var token = fixture.Issuer.CreateToken(ServiceAccount, new Dictionary<string, JsonNode?> { ["aud"] = "cache-probe" });
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => Assume(role, token));
        var fetches = fixture.Issuer.KeyFetches;
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => Assume(role, token));
        Assert.Equal(fetches, fixture.Issuer.KeyFetches);
    }

    [Fact]
    public async Task Signed_call_is_judged_by_the_token_not_the_signer()
    {
        // Some SDKs sign it when credentials are around; root's signature must not stand in for the trust policy.
        var role = IrsaRole();
        using var signed = fixture.Client(new BasicAWSCredentials("test", "test"));
        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => signed.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "signed",
            WebIdentityToken = fixture.Issuer.CreateToken("system:serviceaccount:apps:intruder"),
        }, TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", error.ErrorCode);
    }
}
