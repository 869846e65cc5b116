using Amazon.Runtime;
using Amazon.SecurityToken;
using k8s;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting.Verification;

/// <summary>
/// What the checks of one verification run share: the provider, the environment, a client of its cluster, an STS
/// client that signs nothing, and the clients made with the environment's credentials (kept for the run, disposed
/// with it). Session clients (a probe's, with the role it got) are made per call from <see cref="SessionConfig{T}"/>.
/// </summary>
internal sealed class VerificationContext : IDisposable
{
    private readonly AwsHandlerContext admin;

    private VerificationContext(IPlatformProvider provider, EnvironmentSettings settings, IKubernetes kube)
    {
        Provider = provider;
        Settings = settings;
        Kube = kube;
        admin = new AwsHandlerContext(provider.Aws, []);
        Sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), SessionConfig<AmazonSecurityTokenServiceConfig>());
    }

    /// <summary>The provider the environment runs on.</summary>
    public IPlatformProvider Provider { get; }

    /// <summary>The environment's settings.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary>A client of the environment's cluster, as its admin.</summary>
    public IKubernetes Kube { get; }

    /// <summary>An STS client that signs nothing, as the SDKs call AssumeRoleWithWebIdentity.</summary>
    public AmazonSecurityTokenServiceClient Sts { get; }

    /// <summary>Connects to the environment's cluster; refuses when it does not exist (nothing was applied yet).</summary>
    public static async Task<VerificationContext> OpenAsync(IPlatformProvider provider, EnvironmentSettings settings, CancellationToken cancellationToken)
    {
        var connection = await provider.Cluster.ConnectAsync(settings.Names.Cluster, cancellationToken)
            ?? throw new InvalidOperationException($"Cluster {settings.Names.Cluster} does not exist; apply the platform first.");
        return new VerificationContext(provider, settings, KubernetesClientFactory.FromConnection(connection));
    }

    /// <summary>
    /// An SDK client for <paramref name="account"/> in the environment's region with the environment's credentials, with
    /// one retry so a refusal shows at once. Kept by the run: not to be disposed.
    /// </summary>
    public Task<TClient> AdminSdkClientAsync<TClient, TConfig>(string account, Func<AWSCredentials, TConfig, TClient> create, CancellationToken cancellationToken)
        where TClient : class, IDisposable
        where TConfig : ClientConfig, new() =>
        admin.SdkClientAsync<TClient, TConfig>(this, account, Settings.Region, (credentials, config) =>
        {
            config.MaxErrorRetry = 1;
            return create(credentials, config);
        }, cancellationToken);

    /// <summary>
    /// A signed client of ours for <paramref name="account"/> in <paramref name="region"/> (the environment's when null)
    /// with the environment's credentials. Kept by the run: not to be disposed.
    /// </summary>
    public Task<T> AdminClientAsync<T>(string account, string? region, Func<AwsClientOptions, T> create, CancellationToken cancellationToken)
        where T : class, IDisposable =>
        admin.ClientAsync(this, account, region ?? Settings.Region, create, cancellationToken);

    /// <summary>An SDK config pointed at the provider's endpoint, or AWS's regional one; one retry, so a refusal shows at once.</summary>
    public T SessionConfig<T>()
        where T : ClientConfig, new()
    {
        var config = AwsHandlerContext.SdkConfigFor<T>(Provider.Aws, Settings.Region);
        config.MaxErrorRetry = 1;
        return config;
    }

    /// <summary>
    /// A Skipped result naming what the provider lacks when a check needs <paramref name="needs"/> and the provider does
    /// not declare it all; null when the check may run. Asked before the check touches anything, so a provider lacking
    /// a capability cannot pass such a check by accident.
    /// </summary>
    public CheckResult? SkipUnless(ProviderCapabilities needs, string area, string subject, string check)
    {
        var missing = CapabilityGap.Missing(Provider.Capabilities, needs);
        return missing == ProviderCapabilities.None
            ? null
            : new CheckResult(area, subject, check, CheckOutcome.Skipped, CapabilityGap.Describe(Provider.Kind, missing));
    }

    /// <summary>Options for a signed client of ours with <paramref name="credentials"/> in the environment's region.</summary>
    public AwsClientOptions SessionOptions(AWSCredentials credentials) => AwsHandlerContext.OptionsFor(Provider.Aws, credentials, Settings.Region);

    /// <inheritdoc />
    public void Dispose()
    {
        Sts.Dispose();
        Kube.Dispose();
        admin.Dispose();
    }
}
