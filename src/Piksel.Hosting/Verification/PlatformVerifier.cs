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

    /// <summary>Runs every IRSA row's checks, then the secrets checks, reporting each result as it comes.</summary>
    public async Task<VerificationReport> VerifyAsync(IProgress<CheckResult>? progress = null, CancellationToken cancellationToken = default)
    {
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

        foreach (var row in PikselPlatform.IrsaExpectations(Settings))
        {
            Add(await VerifyIrsaAsync(row, cancellationToken).ConfigureAwait(false));
        }

        Add(await VerifySecretsAsync(PikselPlatform.Define(Settings), cancellationToken).ConfigureAwait(false));
        return new VerificationReport(results, clock.Elapsed);
    }

    /// <summary>Options for our signed clients with <paramref name="account"/>'s credentials from the provider.</summary>
    private async Task<AwsClientOptions> OptionsAsync(string account, string? region, CancellationToken cancellationToken)
    {
        var credentials = await provider.Aws.GetCredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        return AwsHandlerContext.OptionsFor(provider.Aws, AwsHandlerContext.ToSdk(credentials), region ?? Settings.Region);
    }

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
