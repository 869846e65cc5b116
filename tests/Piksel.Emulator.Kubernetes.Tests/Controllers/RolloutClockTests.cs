using k8s;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>What a rollout does as time passes with no object changing: minReadySeconds and progressDeadlineSeconds, on the server's clock.</summary>
public sealed class RolloutClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static V1Deployment Deployment(string name, int replicas, int? minReadySeconds = null, int? progressDeadlineSeconds = null, string? schedulerName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            ProgressDeadlineSeconds = progressDeadlineSeconds,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { SchedulerName = schedulerName, Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
            },
        },
    };

    [Fact]
    public async Task Pods_become_available_once_min_ready_seconds_have_passed_on_the_cluster_clock()
    {
        await using var cluster = await ClockedCluster.StartAsync();
        var ns = await cluster.NewNamespaceAsync("minready");
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2, minReadySeconds: 30), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        var d = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal((2, 2, null), (d.Status.ReadyReplicas, d.Status.UpdatedReplicas, d.Status.AvailableReplicas));
        Assert.Equal("MinimumReplicasUnavailable", d.Status.Conditions.Single(c => c.Type == "Available").Reason);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(20));
        d = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Null(d.Status.AvailableReplicas);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(11));
        d = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(2, d.Status.AvailableReplicas);
        Assert.Equal(("True", "MinimumReplicasAvailable"), (d.Status.Conditions.Single(c => c.Type == "Available").Status, d.Status.Conditions.Single(c => c.Type == "Available").Reason));
        Assert.Equal("NewReplicaSetAvailable", d.Status.Conditions.Single(c => c.Type == "Progressing").Reason);
        var rs = Assert.Single((await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items);
        Assert.Equal(2, rs.Status.AvailableReplicas);
    }

    [Fact]
    public async Task A_stuck_rollout_turns_to_ProgressDeadlineExceeded_when_the_deadline_passes_with_no_pod_change()
    {
        await using var cluster = await ClockedCluster.StartAsync();
        var ns = await cluster.NewNamespaceAsync("deadline");
        // Pods for a scheduler that does not exist stay Pending: the rollout cannot progress.
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 1, progressDeadlineSeconds: 60, schedulerName: "nobody"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        var progressing = await ProgressingAsync(cluster, ns);
        Assert.Equal("True", progressing.Status);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(45));
        Assert.Equal("True", (await ProgressingAsync(cluster, ns)).Status);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        progressing = await ProgressingAsync(cluster, ns);
        var rs = Assert.Single((await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items);
        Assert.Equal(("False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rs.Metadata.Name}\" has timed out progressing."), (progressing.Status, progressing.Reason, progressing.Message));
    }

    private static async Task<V1DeploymentCondition> ProgressingAsync(ClockedCluster cluster, string ns) =>
        (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct)).Status.Conditions.Single(c => c.Type == "Progressing");
}
