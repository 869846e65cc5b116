using k8s;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary><c>kubectl rollout status/history/undo/restart</c>, <c>get rs,pods</c> and deletion, against the deployment and replica set controllers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlRolloutTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Web(string ns, string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: {{image}}
        """;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Rollout_history_undo_and_restart_move_the_deployment_between_replica_sets(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("undo");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Web(ns, "nginx:1.27")));
        Prints(Ok(await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")), "deployment \"web\" successfully rolled out");
        Prints(Ok(await kubectl.RunAsync("set", "image", "deployment/web", "web=nginx:1.28", "-n", ns)), "deployment.apps/web image updated");
        Prints(Ok(await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")), "deployment \"web\" successfully rolled out");
        var history = Ok(await kubectl.RunAsync("rollout", "history", "deployment/web", "-n", ns)).Stdout;
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>", history);

        Prints(Ok(await kubectl.RunAsync("rollout", "undo", "deployment/web", "-n", ns)), "deployment.apps/web rolled back");
        Prints(Ok(await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")), "deployment \"web\" successfully rolled out");
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var pods = (await fixture.Client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("nginx:1.27", p.Spec.Containers[0].Image));
        // The template of revision 1 is the newest again: it becomes revision 3.
        history = Ok(await kubectl.RunAsync("rollout", "history", "deployment/web", "-n", ns)).Stdout;
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>", history);
        var d = await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal("3", d.Metadata.Annotations[DeploymentController.RevisionAnnotation]);

        Prints(Ok(await kubectl.RunAsync("rollout", "restart", "deployment/web", "-n", ns)), "deployment.apps/web restarted");
        Prints(Ok(await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")), "deployment \"web\" successfully rolled out");
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var sets = (await fixture.Client.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(3, sets.Count);
        var restarted = sets.Single(s => s.Spec.Template.Metadata.Annotations?.ContainsKey("kubectl.kubernetes.io/restartedAt") == true);
        Assert.Equal(("4", 2), (restarted.Metadata.Annotations[DeploymentController.RevisionAnnotation], restarted.Spec.Replicas));
        pods = (await fixture.Client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.StartsWith(restarted.Metadata.Name + "-", p.Metadata.Name, StringComparison.Ordinal));
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Get_rs_and_pods_lists_them_and_deleting_the_deployment_collects_both(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("getrs");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Web(ns, "nginx:1.27")));
        Ok(await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s"));
        var listed = Ok(await kubectl.RunAsync("get", "rs,pods", "-n", ns, "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(listed, l => l.StartsWith("replicaset.apps/web-", StringComparison.Ordinal));
        Assert.Equal(2, listed.Count(l => l.StartsWith("pod/web-", StringComparison.Ordinal)));
        Prints(Ok(await kubectl.RunAsync("get", "rs,pods", "-n", ns)), "replicaset.apps/web-", "pod/web-");

        Prints(Ok(await kubectl.RunAsync("delete", "deployment", "web", "-n", ns, "--wait=true")), "deployment.apps \"web\" deleted");
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var after = await kubectl.RunAsync("get", "rs,pods", "-n", ns);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains($"No resources found in {ns} namespace.", after.Stderr, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Rollout_status_waits_while_pods_are_not_available_then_reports_the_rollout(string version)
    {
        await using var cluster = await ClockedCluster.StartAsync();
        using var kubectl = new KubectlRunner(version, cluster.KubeconfigPath);
        var ns = await cluster.NewNamespaceAsync("waits");
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(RolloutClockTests.Deployment("web", 2, minReadySeconds: 30), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        using var status = kubectl.StartStreaming("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        await status.WaitForLineAsync("Waiting for deployment \"web\" rollout to finish: 0 of 2 updated replicas are available...", TimeSpan.FromSeconds(30));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(31));
        await status.WaitForLineAsync("deployment \"web\" successfully rolled out", TimeSpan.FromSeconds(30));
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Rollout_status_fails_once_the_progress_deadline_is_exceeded(string version)
    {
        await using var cluster = await ClockedCluster.StartAsync();
        using var kubectl = new KubectlRunner(version, cluster.KubeconfigPath);
        var ns = await cluster.NewNamespaceAsync("stuck");
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(RolloutClockTests.Deployment("web", 1, progressDeadlineSeconds: 60, schedulerName: "nobody"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(61));
        var result = await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error: deployment \"web\" exceeded its progress deadline", result.Stderr, StringComparison.Ordinal);
    }
}
