using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using ClusterSpec = Piksel.Platform.Spec.Aws.EksCluster;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// EKS clusters through the EKS API. Apply creates the cluster and waits until it is ACTIVE (within
/// <see cref="ActiveWait"/> per attempt; past it the engine retries, so a slow control plane is waited for, not
/// failed). Outputs <c>arn</c>, <c>endpoint</c>, <c>certificateAuthority</c>, <c>oidcIssuer</c>,
/// <c>clusterSecurityGroupId</c>. In place it changes
/// tags only: the EKS API this client speaks has no UpdateClusterVersion/UpdateClusterConfig yet, so a changed
/// version, endpoint access or authentication mode is refused with a message saying so. Control-plane log types are
/// not reported by DescribeCluster here and are taken from the spec.
/// </summary>
public sealed class EksClusterHandler(AwsHandlerContext context) : AwsResourceHandler<ClusterSpec, EksClient>(context)
{
    /// <summary>How long one Apply waits for ACTIVE before handing back to the engine's retries. Default: 5 minutes.</summary>
    public TimeSpan ActiveWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the cluster's status is polled at most (the first polls come sooner, see <see cref="EksClient.FirstPollDelay"/>). Default: 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override string Noun => "cluster";

    /// <inheritdoc />
    protected override EksClient CreateClient(AwsClientOptions options) => new(options) { PollInterval = PollInterval };

    /// <inheritdoc />
    protected override async Task<Observed<ClusterSpec>?> ReadAsync(EksClient client, ClusterSpec desired, CancellationToken cancellationToken) =>
        await DescribeAsync(client, desired.Name, cancellationToken) is { Status: not "DELETING" } cluster ? Observe(desired, cluster) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(EksClient client, ClusterSpec desired, CancellationToken cancellationToken)
    {
        var cluster = await DescribeAsync(client, desired.Name, cancellationToken);
        if (cluster is { Status: "DELETING" })
        {
            throw new RetryableResourceException($"Cluster {desired.Name} is still being deleted.");
        }

        if (cluster is null)
        {
            try
            {
                await client.CreateClusterAsync(new CreateClusterRequest
                {
                    Name = desired.Name,
                    RoleArn = desired.RoleArn,
                    Version = desired.Version,
                    SubnetIds = desired.SubnetIds,
                    EndpointPublicAccess = desired.EndpointPublicAccess,
                    EndpointPrivateAccess = desired.EndpointPrivateAccess,
                    AuthenticationMode = desired.AuthenticationMode,
                    SecretsEncryptionKeyArn = desired.SecretsEncryptionKeyArn,
                    EnabledLogTypes = desired.LogTypes,
                    Tags = desired.Tags,
                }, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "ResourceInUseException"))
            {
                // An earlier attempt created it; wait for it below.
            }
        }
        else
        {
            await ConvergeAsync(client, desired, cluster, cancellationToken);
        }

        return Observe(desired, await WaitActiveAsync(client, desired.Name, cancellationToken)).Outputs;
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(EksClient client, Observed<ClusterSpec> actual, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteClusterAsync(actual.State.Name, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
        {
            return;
        }

        await WithinActiveWaitAsync(async budget =>
        {
            await client.WaitUntilDeletedAsync(actual.State.Name, budget);
            return true;
        }, $"Cluster {actual.State.Name} is still being deleted.", cancellationToken);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(EksClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var name in await client.ListAllClustersAsync(cancellationToken))
        {
            if (await DescribeAsync(client, name, cancellationToken) is { Status: not "DELETING" } cluster)
            {
                var stub = new ClusterSpec { Name = name, Account = account, Version = cluster.Version, RoleArn = cluster.RoleArn };
                yield return new Listed(stub, cluster.Tags, () => Task.FromResult<Observed<ClusterSpec>?>(Observe(stub, cluster)));
            }
        }
    }

    // In place only tags change: this EKS API has no UpdateClusterVersion/UpdateClusterConfig.
    private static async Task ConvergeAsync(EksClient eks, ClusterSpec desired, EksCluster cluster, CancellationToken cancellationToken)
    {
        var current = Observe(desired, cluster).State;
        var refused = Unchangeable(current, desired);
        if (refused.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cluster {desired.Name}: {string.Join(", ", refused)} cannot be changed in place through this provider's EKS API (no UpdateClusterVersion/UpdateClusterConfig).");
        }

        var (set, remove) = Canonical.TagChanges(current.Tags, desired.Tags);
        if (set.Count > 0)
        {
            await eks.TagResourceAsync(cluster.Arn, set.ToDictionary(t => t.Key, t => t.Value), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await eks.UntagResourceAsync(cluster.Arn, remove, cancellationToken);
        }
    }

    private static List<string> Unchangeable(ClusterSpec current, ClusterSpec desired)
    {
        var refused = new List<string>();
        if (current.Version != desired.Version) refused.Add($"version ({current.Version} → {desired.Version})");
        if (current.EndpointPublicAccess != desired.EndpointPublicAccess) refused.Add("endpointPublicAccess");
        if (current.EndpointPrivateAccess != desired.EndpointPrivateAccess) refused.Add("endpointPrivateAccess");
        if (current.AuthenticationMode != desired.AuthenticationMode) refused.Add("authenticationMode");
        return refused;
    }

    private Task<EksCluster> WaitActiveAsync(EksClient eks, string name, CancellationToken cancellationToken) =>
        WithinActiveWaitAsync(budget => eks.WaitUntilActiveAsync(name, budget), $"Cluster {name} is not ACTIVE yet.", cancellationToken);

    // Waits at most ActiveWait; past it (the caller's token not cancelled) a retryable error, so the engine tries again.
    private async Task<T> WithinActiveWaitAsync<T>(Func<CancellationToken, Task<T>> wait, string stillWaiting, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ActiveWait);
        try
        {
            return await wait(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RetryableResourceException(stillWaiting);
        }
    }

    private static Task<EksCluster?> DescribeAsync(EksClient eks, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => eks.DescribeClusterAsync(name, cancellationToken), "ResourceNotFoundException");

    private static Observed<ClusterSpec> Observe(ClusterSpec desired, EksCluster cluster)
    {
        var state = desired with
        {
            Version = cluster.Version,
            RoleArn = cluster.RoleArn,
            SecretsEncryptionKeyArn = cluster.SecretsEncryptionKeyArn,
            SubnetIds = Canonical.SetLike(cluster.SubnetIds, desired.SubnetIds),
            EndpointPublicAccess = cluster.EndpointPublicAccess,
            EndpointPrivateAccess = cluster.EndpointPrivateAccess,
            AuthenticationMode = cluster.AuthenticationMode ?? desired.AuthenticationMode,
            Tags = new Dictionary<string, string>(cluster.Tags, StringComparer.Ordinal),
        };
        var outputs = new Dictionary<string, string> { [AwsResource.ArnOutput] = cluster.Arn };
        if (cluster.Endpoint is { } endpoint) outputs[ClusterSpec.EndpointOutput] = endpoint.ToString().TrimEnd('/');
        if (cluster.CertificateAuthorityData is { } ca) outputs[ClusterSpec.CertificateAuthorityOutput] = ca;
        if (cluster.OidcIssuer is { } issuer) outputs[ClusterSpec.OidcIssuerOutput] = issuer;
        if (cluster.ClusterSecurityGroupId is { } group) outputs[ClusterSpec.ClusterSecurityGroupIdOutput] = group;
        return new Observed<ClusterSpec>(state, outputs);
    }
}
