using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Faults.FaultTestKit;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>
/// An EKS cluster's OIDC issuer taken down by a rule: AssumeRoleWithWebIdentity answers what AWS answers when it cannot
/// reach an identity provider (IDPCommunicationError, "Couldn't retrieve verification key…"), cached keys or not, and
/// works again the moment the rule is removed. A provider made a moment ago is unknown to STS until IAM propagates it.
/// </summary>
public sealed class OidcOutageTests(OidcFaultFixture fixture) : IClassFixture<OidcFaultFixture>
{
    private const string KeyRetrieval =
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

    private async Task<AssumeRoleWithWebIdentityResponse> AssumeAsync(string? roleArn = null)
    {
        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), Config<AmazonSecurityTokenServiceConfig>(fixture.Emulator, "ap-southeast-3"));
        return await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = roleArn ?? fixture.RoleArn,
            RoleSessionName = "pod",
            WebIdentityToken = await fixture.ServiceAccountTokenAsync(),
        }, Ct);
    }

    [Fact]
    public async Task Web_identity_fails_while_the_issuer_is_down_and_recovers_when_the_outage_is_lifted()
    {
        await SetRulesAsync(fixture.Emulator, "[]");
        Assert.Equal("system:serviceaccount:apps:reader", (await AssumeAsync()).SubjectFromWebIdentityToken);

        var outage = $$$"""[{"oidcOutage":{"issuer":"{{{fixture.Issuer}}}"}}]""";
        await SetRulesAsync(fixture.Emulator, outage);
        Assert.True(fixture.Emulator.State.Faults.IsIssuerDown(fixture.Issuer));
        Assert.Equal(("IDPCommunicationError", HttpStatusCode.BadRequest, KeyRetrieval), await ErrorOf(() => AssumeAsync()));

        var (status, _) = await ChaosAsync(fixture.Emulator, HttpMethod.Delete, "/faults", outage);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("system:serviceaccount:apps:reader", (await AssumeAsync()).SubjectFromWebIdentityToken);
    }

    [Fact]
    public async Task An_outage_with_no_issuer_takes_every_issuer_down()
    {
        await SetRulesAsync(fixture.Emulator, """[{"oidcOutage":{}}]""");
        try
        {
            Assert.Equal("IDPCommunicationError", (await ErrorOf(() => AssumeAsync())).Code);
        }
        finally
        {
            await SetRulesAsync(fixture.Emulator, "[]");
        }

        await AssumeAsync();
    }

    [Fact]
    public async Task A_new_OIDC_provider_is_unknown_to_STS_until_it_has_propagated()
    {
        using var iam = new IamClient(Options(fixture.Emulator, new BasicAWSCredentials(OidcFaultFixture.Second.AccessKeyId, OidcFaultFixture.Second.SecretAccessKey)));
        await SetRulesAsync(fixture.Emulator, """[{"iamPropagation":{"delay":2000}}]""");
        try
        {
            var providerArn = $"arn:aws:iam::{OidcFaultFixture.Second.AccountId}:oidc-provider/{fixture.Issuer["https://".Length..]}";
            var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "second-reader", AssumeRolePolicyDocument = fixture.Trust(providerArn) }, Ct);
            Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden, "Not authorized to perform sts:AssumeRoleWithWebIdentity"), await ErrorOf(() => AssumeAsync(role.Arn)));
            fixture.Clock.Advance(TimeSpan.FromSeconds(2));

            Assert.Equal(providerArn, await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = fixture.Issuer, ClientIds = ["sts.amazonaws.com"] }, Ct));
            Assert.Equal(("InvalidIdentityToken", HttpStatusCode.BadRequest, $"No OpenIDConnect provider found in your account for {fixture.Issuer}"),
                await ErrorOf(() => AssumeAsync(role.Arn)));
            fixture.Clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(providerArn, (await AssumeAsync(role.Arn)).Provider);
        }
        finally
        {
            await SetRulesAsync(fixture.Emulator, "[]");
        }
    }
}
