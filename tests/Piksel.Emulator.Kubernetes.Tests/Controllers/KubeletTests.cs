using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers.Kubelet;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>The kubelet simulation: which pods run, the addresses they get, and how run-to-completion pods end.</summary>
public sealed class KubeletTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1Pod Pod(string name, string? node = null, string restartPolicy = "Always", Dictionary<string, string>? annotations = null, IList<string>? command = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
        Spec = new V1PodSpec
        {
            NodeName = node,
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = "main", Image = "busybox:1.36", Command = command }],
        },
    };

    private static Task<V1Pod> ReadAsync(IKubernetes k, string name, string ns) => k.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: Ct);

    [Fact]
    public async Task A_pod_runs_once_its_node_is_Ready_with_an_address_from_the_node_pod_CIDR()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("ready");
        await cluster.AddNodeAsync("booting", "10.0.3.7", ready: false, podCidr: "10.244.7.0/24");
        await k.CoreV1.CreateNamespacedPodAsync(Pod("early", node: "booting"), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.NotEqual("Running", (await ReadAsync(k, "early", ns)).Status?.Phase);

        var node = await k.CoreV1.ReadNodeStatusAsync("booting", cancellationToken: Ct);
        node.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady" }];
        await k.CoreV1.ReplaceNodeStatusAsync(node, "booting", cancellationToken: Ct);
        await cluster.SettleAsync();

        var pod = await ReadAsync(k, "early", ns);
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("10.0.3.7", pod.Status.HostIP);
        Assert.StartsWith("10.244.7.", pod.Status.PodIP, StringComparison.Ordinal);
        Assert.Equal("BestEffort", pod.Status.QosClass);
        var container = Assert.Single(pod.Status.ContainerStatuses);
        Assert.True(container.Ready);
        Assert.Equal("docker.io/library/busybox:1.36", container.Image);
    }

    [Fact]
    public async Task A_pod_on_a_Fargate_node_has_the_node_address()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("fargate");
        await cluster.AddNodeAsync("fargate-ip-10-0-9-8.ap-southeast-3.compute.internal", "10.0.9.8",
            labels: new Dictionary<string, string> { ["eks.amazonaws.com/compute-type"] = "fargate" },
            taints: [new V1Taint { Key = "eks.amazonaws.com/compute-type", Value = "fargate", Effect = "NoSchedule" }]);
        var pod = Pod("coredns", node: "fargate-ip-10-0-9-8.ap-southeast-3.compute.internal");
        pod.Spec.SchedulerName = "fargate-scheduler";
        await k.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var running = await ReadAsync(k, "coredns", ns);
        Assert.Equal("Running", running.Status.Phase);
        Assert.Equal(("10.0.9.8", "10.0.9.8"), (running.Status.PodIP, running.Status.HostIP));
    }

    [Fact]
    public async Task Run_to_completion_pods_succeed_or_fail_by_their_simulated_exit_code()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("jobs");
        var instant = new Dictionary<string, string> { [SimulatedRun.DurationAnnotation] = "0" };
        await k.CoreV1.CreateNamespacedPodAsync(Pod("ok", restartPolicy: "Never", annotations: instant), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("three", restartPolicy: "Never",
            annotations: new Dictionary<string, string>(instant) { [SimulatedRun.ExitCodeAnnotation] = "3" }), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("false", restartPolicy: "Never", annotations: instant, command: ["false"]), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("server", annotations: instant), ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        var ok = await ReadAsync(k, "ok", ns);
        Assert.Equal("Succeeded", ok.Status.Phase);
        var done = Assert.Single(ok.Status.ContainerStatuses);
        Assert.Equal((0, "Completed", false), (done.State.Terminated.ExitCode, done.State.Terminated.Reason, done.Ready));
        Assert.Equal(("False", "PodCompleted"), (ok.Status.Conditions.Single(c => c.Type == "Ready").Status, ok.Status.Conditions.Single(c => c.Type == "Ready").Reason));

        var three = await ReadAsync(k, "three", ns);
        Assert.Equal("Failed", three.Status.Phase);
        Assert.Equal((3, "Error"), (three.Status.ContainerStatuses[0].State.Terminated.ExitCode, three.Status.ContainerStatuses[0].State.Terminated.Reason));
        var failed = await ReadAsync(k, "false", ns);
        Assert.Equal(("Failed", 1), (failed.Status.Phase, failed.Status.ContainerStatuses[0].State.Terminated.ExitCode));
        // restartPolicy Always: a server keeps running.
        Assert.Equal("Running", (await ReadAsync(k, "server", ns)).Status.Phase);
    }

    [Fact]
    public async Task A_run_to_completion_pod_runs_for_its_simulated_duration_on_the_cluster_clock()
    {
        var clock = new SteppedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await OwnCluster.StartAsync(clock);
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("timed");
        await k.CoreV1.CreateNamespacedPodAsync(Pod("batch", restartPolicy: "Never",
            annotations: new Dictionary<string, string> { [SimulatedRun.DurationAnnotation] = "30" }), ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(Pod("retry", restartPolicy: "OnFailure",
            annotations: new Dictionary<string, string> { [SimulatedRun.ExitCodeAnnotation] = "2" }), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("Running", (await ReadAsync(k, "batch", ns)).Status.Phase);

        clock.Advance(TimeSpan.FromSeconds(1));
        await cluster.SettleAsync();
        Assert.Equal("Running", (await ReadAsync(k, "batch", ns)).Status.Phase);
        var retry = await ReadAsync(k, "retry", ns);
        Assert.Equal("Running", retry.Status.Phase);
        var crashed = retry.Status.ContainerStatuses[0];
        Assert.Equal((1, "CrashLoopBackOff", false), (crashed.RestartCount, crashed.State.Waiting.Reason, crashed.Ready));
        Assert.Equal((2, "Error"), (crashed.LastState.Terminated.ExitCode, crashed.LastState.Terminated.Reason));

        clock.Advance(TimeSpan.FromSeconds(29));
        await cluster.SettleAsync();
        Assert.Equal("Succeeded", (await ReadAsync(k, "batch", ns)).Status.Phase);
    }

    [Fact]
    public async Task A_held_pod_being_deleted_is_stopped_when_its_grace_period_runs_out()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new SteppedClock(start);
        await using var cluster = await OwnCluster.StartAsync(clock);
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("held");
        var pod = Pod("held");
        pod.Metadata.Finalizers = ["example.com/hold"];
        pod.Spec.TerminationGracePeriodSeconds = 5;
        await k.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal("Running", (await ReadAsync(k, "held", ns)).Status.Phase);

        await k.CoreV1.DeleteNamespacedPodAsync("held", ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        var terminating = await ReadAsync(k, "held", ns);
        Assert.Equal(5, terminating.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(start.AddSeconds(5).UtcDateTime, terminating.Metadata.DeletionTimestamp!.Value.ToUniversalTime());
        Assert.Equal("Running", terminating.Status.Phase);

        clock.Advance(TimeSpan.FromSeconds(5));
        await cluster.SettleAsync();
        var stopped = await ReadAsync(k, "held", ns);
        Assert.Equal("Succeeded", stopped.Status.Phase);
        Assert.Equal(0, stopped.Status.ContainerStatuses[0].State.Terminated.ExitCode);
    }

    [Fact]
    public async Task Logs_of_a_simulated_container_are_a_BadRequest_Status_and_a_wrong_container_is_named()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NamespaceAsync("logs");
        await k.CoreV1.CreateNamespacedPodAsync(Pod("one"), ns, cancellationToken: Ct);
        var two = Pod("two");
        two.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "busybox:1.36" });
        await k.CoreV1.CreateNamespacedPodAsync(two, ns, cancellationToken: Ct);
        await cluster.SettleAsync();

        async Task<(System.Net.HttpStatusCode Code, string Body)> LogAsync(string pod, string? container = null)
        {
            var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => k.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container: container, cancellationToken: Ct));
            var status = System.Text.Json.Nodes.JsonNode.Parse(e.Response.Content)!;
            Assert.Equal("Status", status["kind"]!.GetValue<string>());
            return (e.Response.StatusCode, $"{status["reason"]}: {status["message"]}");
        }
        var simulated = await LogAsync("one");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, simulated.Code);
        Assert.StartsWith("BadRequest: container \"main\" in pod \"one\" is simulated by the Piksel Kubernetes emulator", simulated.Body, StringComparison.Ordinal);
        Assert.Contains("container sidecar is not valid for pod one", (await LogAsync("one", "sidecar")).Body, StringComparison.Ordinal);
        Assert.Contains("a container name must be specified for pod two, choose one of: [main sidecar]", (await LogAsync("two")).Body, StringComparison.Ordinal);
        var missing = await LogAsync("three");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Code);
        Assert.Equal("NotFound: pods \"three\" not found", missing.Body);
    }
}
