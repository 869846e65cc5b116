using System.Diagnostics;
using Amazon.Runtime;
using Amazon.SecurityToken;
using k8s;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Definition;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// Runs the IRSA and secrets checks of an applied environment through the provider, with the calls a workload makes:
/// TokenRequests to the cluster, AssumeRoleWithWebIdentity without credentials, and the AWS calls of each row's
/// probes with the role it got. The same checks run on every provider.
/// </summary>
public sealed partial class PlatformVerifier(IPlatformProvider provider, EnvironmentSettings settings, TimeProvider? clock = null)
{
    /// <summary>The clock refresh times are judged by (the system's unless given).</summary>
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>The audience of IRSA tokens.</summary>
    public const string StsAudience = "sts.amazonaws.com";

    /// <summary>An audience the OIDC provider does not list: the API server's own.</summary>
    public const string OtherAudience = "https://kubernetes.default.svc";

    /// <summary>The environment's settings.</summary>
    public EnvironmentSettings Settings { get; } = settings;

    /// <summary>Runs every IRSA row's checks, then the secrets checks of <paramref name="spec"/>, reporting each result as it comes.</summary>
    public async Task<VerificationReport> VerifyAsync(PlatformSpec spec, IProgress<CheckResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        var results = new List<CheckResult>();
        void Add(IEnumerable<CheckResult> batch)
        {
            foreach (var result in batch)
            {
                results.Add(result);
                progress?.Report(result);
            }
        }

        using var aws = Context();
        using var kube = await KubernetesAsync(cancellationToken).ConfigureAwait(false);
        using var sts = AnonymousSts();
        foreach (var row in PikselPlatform.IrsaExpectations(Settings))
        {
            Add(await VerifyIrsaAsync(row, aws, kube, sts, cancellationToken).ConfigureAwait(false));
        }

        Add(await VerifySecretsAsync(spec, aws, kube, cancellationToken).ConfigureAwait(false));
        return new VerificationReport(results, clock.Elapsed);
    }

    /// <summary>Keeps the clients made with the environment's credentials for one verification; disposes them with itself.</summary>
    private AwsHandlerContext Context() => new(provider.Aws, []);

    /// <summary>
    /// <paramref name="aws"/>'s SDK client for <paramref name="account"/> in the environment's region, with one retry so a refusal shows at once. Kept by <paramref name="aws"/>: not to be disposed.
    /// </summary>
    private Task<TClient> SdkClientAsync<TClient, TConfig>(AwsHandlerContext aws, string account, Func<AWSCredentials, TConfig, TClient> create, CancellationToken cancellationToken)
        where TClient : class, IDisposable
        where TConfig : ClientConfig, new() =>
        aws.SdkClientAsync<TClient, TConfig>(this, account, Settings.Region, (credentials, config) =>
        {
            config.MaxErrorRetry = 1;
            return create(credentials, config);
        }, cancellationToken);

    /// <summary><paramref name="aws"/>'s signed client of ours for <paramref name="account"/>. Kept by <paramref name="aws"/>: not to be disposed.</summary>
    private Task<T> ClientAsync<T>(AwsHandlerContext aws, string account, string? region, Func<AwsClientOptions, T> create, CancellationToken cancellationToken)
        where T : class, IDisposable =>
        aws.ClientAsync(this, account, region ?? Settings.Region, create, cancellationToken);

    /// <summary>A client of the environment's cluster.</summary>
    private async Task<IKubernetes> KubernetesAsync(CancellationToken cancellationToken)
    {
        var connection = await provider.Cluster.ConnectAsync(Settings.Names.Cluster, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Cluster {Settings.Names.Cluster} does not exist; apply the platform first.");
        return KubernetesClientFactory.FromConnection(connection);
    }

    /// <summary>An STS client that signs nothing, as the SDKs call AssumeRoleWithWebIdentity.</summary>
    private AmazonSecurityTokenServiceClient AnonymousSts() =>
        new(new AnonymousAWSCredentials(), Config<AmazonSecurityTokenServiceConfig>());

    /// <summary>An SDK config pointed at the provider's endpoint, or AWS's regional one; one retry, so a refusal shows at once.</summary>
    private T Config<T>()
        where T : ClientConfig, new()
    {
        var config = AwsHandlerContext.SdkConfigFor<T>(provider.Aws, Settings.Region);
        config.MaxErrorRetry = 1;
        return config;
    }
}
