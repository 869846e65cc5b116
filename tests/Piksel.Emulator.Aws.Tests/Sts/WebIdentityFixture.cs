using Amazon.Runtime;
using Amazon.SecurityToken;
using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>
/// Two OIDC issuers — one whose CA the emulator trusts, one whose CA it does not — and an emulator started with
/// <c>TrustedCertificateAuthorities = [trusted CA]</c>. Account 000000000000 registers both issuers as OIDC providers;
/// accounts 111111111111 and 222222222222 register the untrusted one with a wrong and a right CA thumbprint.
/// </summary>
public sealed class WebIdentityFixture : IAsyncLifetime
{
    public const string WrongThumbprintAccount = "111111111111";
    public const string RightThumbprintAccount = "222222222222";

    public TestOidcIssuer Issuer { get; private set; } = null!;
    public TestOidcIssuer UntrustedIssuer { get; private set; } = null!;
    public AwsEmulator Emulator { get; private set; } = null!;
    public OidcProviderRecord Provider { get; private set; } = null!;
    public OidcProviderRecord UntrustedProvider { get; private set; } = null!;
    public OidcProviderRecord WrongThumbprintProvider { get; private set; } = null!;
    public OidcProviderRecord RightThumbprintProvider { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestOidcIssuer.StartAsync(CancellationToken.None);
        UntrustedIssuer = await TestOidcIssuer.StartAsync(CancellationToken.None);
        Emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            Accounts = [AccountOptions.Default, new(WrongThumbprintAccount, "wi-second", "wi-second-secret"), new(RightThumbprintAccount, "wi-third", "wi-third-secret")],
            TrustedCertificateAuthorities = [Issuer.CertificateAuthority],
        });
        string[] audiences = ["sts.amazonaws.com"];
        Provider = StsSeed.OidcProvider(Emulator, Issuer.Issuer, audiences);
        UntrustedProvider = StsSeed.OidcProvider(Emulator, UntrustedIssuer.Issuer, audiences);
        WrongThumbprintProvider = StsSeed.OidcProvider(Emulator, UntrustedIssuer.Issuer, audiences, WrongThumbprintAccount, [new string('0', 40)]);
        RightThumbprintProvider = StsSeed.OidcProvider(Emulator, UntrustedIssuer.Issuer, audiences, RightThumbprintAccount,
            [UntrustedIssuer.IntermediateCertificate.Thumbprint.ToLowerInvariant()]);
    }

    /// <summary>An unsigned STS client, as a pod's SDK calls AssumeRoleWithWebIdentity.</summary>
    public AmazonSecurityTokenServiceClient AnonymousClient() => Client(new AnonymousAWSCredentials());

    public AmazonSecurityTokenServiceClient Client(AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = Emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await Issuer.DisposeAsync();
        await UntrustedIssuer.DisposeAsync();
    }
}
