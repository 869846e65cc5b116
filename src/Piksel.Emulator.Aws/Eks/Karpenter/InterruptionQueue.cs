namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Which SQS queue a cluster's Karpenter reads. The real controller is told by its Helm value
/// <c>settings.interruptionQueue</c>; the emulated one, installed with the cluster rather than by a chart, derives it
/// from the cluster's name by the conventions the queue is made with: the platform names a cluster
/// <c>piksel-&lt;env&gt;-cluster</c> and its queue <c>piksel-&lt;env&gt;-karpenter-interruption</c> (PikselNames), and
/// Karpenter's getting-started stack names the queue as the cluster. Listing queues by tag instead would need
/// <c>sqs:ListQueues</c>, which Karpenter's policy does not grant.
/// </summary>
public static class InterruptionQueue
{
    private const string ClusterSuffix = "-cluster";

    /// <summary>The queue of the cluster <paramref name="clusterName"/>.</summary>
    public static string NameFor(string clusterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        return clusterName.EndsWith(ClusterSuffix, StringComparison.Ordinal)
            ? clusterName[..^ClusterSuffix.Length] + "-karpenter-interruption"
            : clusterName;
    }
}
