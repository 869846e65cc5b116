using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting.Aws;

/// <summary>
/// The <c>aws</c> provider: the environment's real accounts, reached with the standard credential chain (through
/// AWSSDK.Extensions.NETCore.Setup's <see cref="AWSOptions"/>: environment, profiles, SSO, web identity, container and
/// instance metadata) and the standard endpoint settings. It is made only after the account guard passed — STS
/// GetCallerIdentity names the environment's account — and, when the hub is another account, after its role was assumed.
/// Clusters come through the EKS API (kubeconfigs use <c>aws eks get-token</c>), the database through the RDS API, and
/// slow states are awaited at AWS's pace (<see cref="AwsWaits.RealAws"/>).
/// </summary>
public sealed class AwsProvider : IPlatformProvider, IAsyncDisposable
{
    private readonly ProviderParts parts;
    private readonly HubSession? hub;

    private AwsProvider(EnvironmentSettings settings, ProviderParts parts, HubSession? hub, string callerArn)
    {
        Settings = settings;
        this.parts = parts;
        this.hub = hub;
        CallerArn = callerArn;
    }

    /// <summary>What real AWS proves for this platform: IAM, web identity, a real database, EKS with Karpenter provisioning its nodes, and Pod Security (the platform labels its namespaces; EKS admits through it).</summary>
    /// <remarks>NetworkPolicy is not claimed: the platform does not turn on the VPC CNI's network policy agent.</remarks>
    public const ProviderCapabilities AwsCapabilities =
        ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.RealDatabase
        | ProviderCapabilities.EksApi | ProviderCapabilities.PodSecurity | ProviderCapabilities.NodeProvisioning;

    /// <summary>The environment this provider serves.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>The identity the account guard saw (STS GetCallerIdentity's ARN).</summary>
    public string CallerArn { get; }

    /// <inheritdoc />
    public ProviderKind Kind => ProviderKind.Aws;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => AwsCapabilities;

    /// <inheritdoc />
    public IAwsAccess Aws => parts.Aws;

    /// <inheritdoc />
    public IClusterStrategy Cluster => parts.Cluster;

    /// <inheritdoc />
    public IDatabaseStrategy Database => parts.Database;

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers => parts.Handlers;

    /// <summary>
    /// Checks the credentials against <paramref name="settings"/>' account (STS GetCallerIdentity, before any other
    /// request), assumes the hub role when the hub is another account, and assembles the provider. Throws
    /// <see cref="AccountGuardException"/> for another account's credentials, <see cref="AwsProviderException"/> for a
    /// missing or refused hub role or a bad endpoint setting, and the SDK's <see cref="AmazonClientException"/> when no
    /// credentials are found; in each case nothing was read or written.
    /// </summary>
    public static async Task<AwsProvider> CreateAsync(EnvironmentSettings settings, AwsProviderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = AwsEndpoints.Read(options.Variables);
        var credentials = options.Credentials ?? new AWSOptions { Profile = options.Profile, Region = Amazon.RegionEndpoint.GetBySystemName(settings.Region) }.GetCredentials();
        var guarded = new AwsAccountAccess(endpoints, settings.Region, settings.Account, credentials, settings.HubAccount, hub: null);
        var callerArn = await GuardAsync(settings, guarded, credentials, cancellationToken);
        var hub = HubFor(settings, options, guarded, credentials);
        if (hub is not null)
        {
            try
            {
                // A missing or refused hub role stops the run here, before anything is read.
                await hub.GetAsync(cancellationToken);
            }
            catch
            {
                hub.Dispose();
                throw;
            }
        }

        var access = new AwsAccountAccess(endpoints, settings.Region, settings.Account, credentials, settings.HubAccount, hub);
        var accounts = new[] { settings.Account, settings.HubAccount }.Distinct(StringComparer.Ordinal).ToArray();
        return new AwsProvider(settings, ProviderParts.Assemble(access, settings, accounts, admin: null, AwsWaits.RealAws), hub, callerArn);
    }

    /// <summary>STS GetCallerIdentity must name the environment's account; the caller's ARN when it does.</summary>
    private static async Task<string> GuardAsync(EnvironmentSettings settings, IAwsAccess endpoints, AWSCredentials credentials, CancellationToken cancellationToken)
    {
        using var sts = new AmazonSecurityTokenServiceClient(credentials, AwsHandlerContext.SdkConfigFor<AmazonSecurityTokenServiceConfig>(endpoints));
        GetCallerIdentityResponse identity;
        try
        {
            identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            throw new AwsProviderException(
                $"account guard: STS GetCallerIdentity refused the credentials ({e.ErrorCode}: {e.Message}); nothing was touched. Check the credentials or --profile for account {settings.Account}.",
                e);
        }

        if (identity.Account != settings.Account)
        {
            throw new AccountGuardException(settings.Account, identity.Account ?? "unknown", identity.Arn ?? "unknown", settings.Name);
        }

        return identity.Arn ?? "";
    }

    private static HubSession? HubFor(EnvironmentSettings settings, AwsProviderOptions options, IAwsAccess endpoints, AWSCredentials credentials)
    {
        if (settings.HubAccount == settings.Account)
        {
            return null;
        }

        if (settings.HubRoleArn is not { } roleArn)
        {
            throw new AwsProviderException(
                $"hub account {settings.HubAccount}: env/{settings.Name}.json names no hubRoleArn; the aws provider reaches the hub only by assuming that role. Nothing was touched.");
        }

        return new HubSession(endpoints, credentials, roleArn, settings.HubExternalId, $"piksel-{settings.Name}", settings.HubAccount, options.HubSessionDuration, options.TimeProvider);
    }

    /// <summary>Disposes the Kubernetes and AWS clients; nothing in the accounts changes.</summary>
    public ValueTask DisposeAsync()
    {
        parts.Dispose();
        hub?.Dispose();
        return ValueTask.CompletedTask;
    }
}
