using Piksel.Benchmarks.Karpenter;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Karpenter;

/// <summary>
/// The <c>karpenter</c> benchmark's setup and one round of it, on an embedded provider of its own as the benchmark starts
/// it (the shared platform stays up for the other tests): the pods' first run is on nodes Karpenter launched for them,
/// the baseline's on those same nodes with none launched, and the pool is empty again afterwards. A benchmark whose
/// "new nodes" were the cluster's own node, or whose baseline provisioned, would measure nothing and fail here.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KarpenterBenchmarkSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task A_round_runs_its_pods_on_launched_nodes_then_on_the_same_nodes_and_leaves_the_pool_empty()
    {
        await using var platform = await KarpenterPlatform.StartAsync(Path.Combine(PlatformFixture.RepositoryRoot(), "env"), Ct);
        await platform.CreateNamespaceAsync("bench-karpenter", Ct);
        var round = new ProvisioningRound(platform.Kube, platform.Provider, "bench-karpenter");

        // Three pods of 1 CPU: more than one instance's worth for some types, so the plan may open more than one claim.
        var times = await round.RunAsync(3, Ct);

        Assert.InRange(times.NodesLaunched, 1, 3);
        Assert.Equal(times.NodesLaunched, times.NodesAfterBaseline);
        Assert.True(times.ClockMoves >= 1, "the batch window was never skipped: the round would have measured Karpenter's 1 s idle wait");
        Assert.Empty(await round.NodesAsync(Ct));
    }
}
