using System.Security.Cryptography.X509Certificates;

namespace Piksel.Emulator.Aws;

/// <summary>How an <see cref="AwsEmulator"/> listens, whom it knows and where it keeps its state.</summary>
public sealed record AwsEmulatorOptions
{
    /// <summary>TCP port of the edge endpoint. Default 4566 (LocalStack's); 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 4566;

    /// <summary>Address to bind. Default 127.0.0.1: the emulator is a local tool and never listens beyond loopback unless told.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Where acknowledged writes are kept. Default null: state lives in memory only and is gone at stop.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The per-installation master key that seals key material in <see cref="DataDirectory"/> (KMS keys, access keys,
    /// clusters' CA and signing keys); it must lie outside that directory. Default null: <c>PIKSEL_MASTER_KEY_FILE</c>
    /// when set, else <c>piksel/master.key</c> under the user's data directory (<c>$XDG_DATA_HOME</c> or
    /// <c>~/.local/share</c>). Made on first use; unused without a data directory.
    /// </summary>
    public string? MasterKeyFile { get; init; }

    /// <summary>The accounts and their root keys. Default: account 000000000000 with keys <c>test</c>/<c>test</c> (LocalStack's convention).</summary>
    public IReadOnlyList<AccountOptions> Accounts { get; init; } = [AccountOptions.Default];

    /// <summary>Region reported where a request names none. Default us-east-1.</summary>
    public string DefaultRegion { get; init; } = "us-east-1";

    /// <summary>Clock for SigV4 skew, credential expiry, token checks and recovery windows. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How far a signed request's time may stray from the clock, either way. Default 5 minutes, as Secrets Manager, KMS,
    /// CloudWatch Logs, IAM and EKS enforce; S3, STS and EC2 allow 15 minutes (or this, when it is longer).
    /// </summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Extra CA certificates trusted when fetching an OIDC issuer's discovery document and JWKS over HTTPS
    /// (AWS trusts its root-CA library; a local issuer has its own CA). Default: none beyond the system store.
    /// </summary>
    public X509Certificate2Collection TrustedCertificateAuthorities { get; init; } = [];

    /// <summary>
    /// Handler used to reach OIDC issuers. Default null: an <see cref="HttpClientHandler"/> that trusts
    /// <see cref="TrustedCertificateAuthorities"/>. Set it to route issuer hosts (e.g. oidc.eks.*.amazonaws.com) to a local server.
    /// </summary>
    public Func<HttpMessageHandler>? OidcHttpHandlerFactory { get; init; }

    /// <summary>
    /// Faults to start with (throttling, 5xx, latency, IAM propagation delay, OIDC outages), changed later through
    /// <c>/_localstack/chaos/faults</c>. Default <see cref="Faults.FaultOptions.None"/>: off.
    /// </summary>
    public Faults.FaultOptions Faults { get; init; } = Piksel.Emulator.Aws.Faults.FaultOptions.None;

    /// <summary>How EKS paces add-on installs and Fargate profile changes. Default: add-ons wait for their cluster's report, profiles settle at once.</summary>
    public Eks.EksOptions Eks { get; init; } = new();

    /// <summary>How RDS runs the PostgreSQL servers behind its instances. Default: the machine's PostgreSQL, one server per instance.</summary>
    public Rds.RdsOptions Rds { get; init; } = new();

    /// <summary>How many recent requests (with their IAM decisions and explanations) are kept for <c>/_piksel/requests/&lt;id&gt;</c>. Default 10,000; 0 keeps none.</summary>
    public int RecentRequests { get; init; } = 10_000;

    /// <summary>Checks the options and says how to fix the first bad one.</summary>
    public void Validate()
    {
        if (RecentRequests is < 0 or > 1_000_000) throw new ArgumentException($"AwsEmulatorOptions.RecentRequests must be 0..1000000 (0 keeps none); got {RecentRequests}.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"AwsEmulatorOptions.Port must be 0..65535 (0 = any free port); got {Port}.");
        if (Accounts.Count == 0) throw new ArgumentException("AwsEmulatorOptions.Accounts must name at least one account.");
        foreach (var account in Accounts) account.Validate();
        var duplicateKey = Accounts.GroupBy(a => a.AccessKeyId).FirstOrDefault(g => g.Count() > 1);
        if (duplicateKey is not null) throw new ArgumentException($"AwsEmulatorOptions.Accounts: access key '{duplicateKey.Key}' is given to more than one account.");
        var duplicateId = Accounts.GroupBy(a => a.AccountId).FirstOrDefault(g => g.Count() > 1);
        if (duplicateId is not null) throw new ArgumentException($"AwsEmulatorOptions.Accounts: account '{duplicateId.Key}' is listed twice.");
        if (AllowedClockSkew < TimeSpan.Zero) throw new ArgumentException("AwsEmulatorOptions.AllowedClockSkew must not be negative.");
        if (Eks.FargateProfileTransition < TimeSpan.Zero) throw new ArgumentException("AwsEmulatorOptions.Eks.FargateProfileTransition must not be negative.");
        Faults.Validate();
    }
}

/// <summary>An account the emulator serves and the root keys that act for it.</summary>
/// <param name="AccountId">Twelve digits.</param>
/// <param name="AccessKeyId">The root access key id.</param>
/// <param name="SecretAccessKey">The root secret key.</param>
public sealed record AccountOptions(string AccountId, string AccessKeyId, string SecretAccessKey)
{
    /// <summary>LocalStack's default account: 000000000000 with keys test/test.</summary>
    public static AccountOptions Default { get; } = new("000000000000", "test", "test");

    /// <summary>Checks the account id and keys.</summary>
    public void Validate()
    {
        if (AccountId.Length != 12 || !AccountId.All(char.IsAsciiDigit))
            throw new ArgumentException($"Account id '{AccountId}' must be exactly 12 digits.");
        if (string.IsNullOrWhiteSpace(AccessKeyId) || string.IsNullOrEmpty(SecretAccessKey))
            throw new ArgumentException($"Account {AccountId}: access key id and secret access key must not be empty.");
    }
}
