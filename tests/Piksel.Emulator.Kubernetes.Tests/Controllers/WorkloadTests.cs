using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

[Collection(ClusterCollection.Name)]
public sealed class WorkloadTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IKubernetes K => fixture.Client;

    private Task SettleAsync() => fixture.Server.SettleAsync(cancellationToken: Ct);

    private static V1PodTemplateSpec Template(string app) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
    };

    [Fact]
    public async Task The_node_is_Ready_with_its_labels_and_allocatable()
    {
        await SettleAsync();
        var node = await K.CoreV1.ReadNodeAsync(SimulatedNode.Name, cancellationToken: Ct);
        Assert.Equal("True", node.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal(SimulatedNode.Name, node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal(fixture.Server.State.Options.Region, node.Metadata.Labels["topology.kubernetes.io/region"]);
        Assert.Equal("m5.large", node.Metadata.Labels["node.kubernetes.io/instance-type"]);
        Assert.Equal("29", node.Status.Allocatable["pods"].ToString());
        Assert.NotNull(node.Status.Allocatable["cpu"]);
        Assert.NotNull(node.Status.Allocatable["memory"]);
    }

    [Fact]
    public async Task A_pod_is_scheduled_on_the_node_and_becomes_Running()
    {
        var ns = await fixture.NewNamespaceAsync("pods");
        await K.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "nginx", Image = "nginx",
                        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } },
                    },
                ],
            },
        }, ns, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "second" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "public.ecr.aws/docker/library/busybox:1.36" }] },
        }, ns, cancellationToken: Ct);
        await SettleAsync();

        var pod = await K.CoreV1.ReadNamespacedPodAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(SimulatedNode.Name, pod.Spec.NodeName);
        Assert.Equal("Running", pod.Status.Phase);
        foreach (var type in new[] { "Initialized", "Ready", "ContainersReady", "PodScheduled" })
            Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == type).Status);
        var container = Assert.Single(pod.Status.ContainerStatuses);
        Assert.True(container.Ready);
        Assert.True(container.Started);
        Assert.Equal(0, container.RestartCount);
        Assert.NotNull(container.State.Running.StartedAt);
        Assert.Equal("docker.io/library/nginx:latest", container.Image);
        Assert.StartsWith("docker.io/library/nginx@sha256:", container.ImageID, StringComparison.Ordinal);
        Assert.StartsWith("containerd://", container.ContainerID, StringComparison.Ordinal);
        Assert.StartsWith("10.0.", pod.Status.PodIP, StringComparison.Ordinal);
        Assert.Equal(SimulatedNode.InternalIp, pod.Status.HostIP);
        Assert.NotNull(pod.Status.StartTime);
        Assert.Equal("Burstable", pod.Status.QosClass);

        var second = await K.CoreV1.ReadNamespacedPodAsync("second", ns, cancellationToken: Ct);
        Assert.Equal("BestEffort", second.Status.QosClass);
        Assert.Equal("public.ecr.aws/docker/library/busybox:1.36", second.Status.ContainerStatuses.Single().Image);
        Assert.NotEqual(pod.Status.PodIP, second.Status.PodIP);

        await K.CoreV1.DeleteNamespacedPodAsync("web", ns, cancellationToken: Ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => K.CoreV1.ReadNamespacedPodAsync("web", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task A_deployment_is_Available_and_rolled_out_for_every_generation()
    {
        var ns = await fixture.NewNamespaceAsync("deploy");
        var created = await K.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec { Replicas = 3, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, Template = Template("web") },
        }, ns, cancellationToken: Ct);
        await SettleAsync();
        var d = await K.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(d.Metadata.Generation, d.Status.ObservedGeneration);
        Assert.Equal(3, d.Status.Replicas);
        Assert.Equal(3, d.Status.ReadyReplicas);
        Assert.Equal(3, d.Status.AvailableReplicas);
        Assert.Equal(3, d.Status.UpdatedReplicas);
        var available = d.Status.Conditions.Single(c => c.Type == "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable"), (available.Status, available.Reason));
        var progressing = d.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal(("True", "NewReplicaSetAvailable"), (progressing.Status, progressing.Reason));
        Assert.Matches("^ReplicaSet \"web-[bcdfghjklmnpqrstvwxz2456789]+\" has successfully progressed\\.$", progressing.Message);

        d.Spec.Replicas = 1;
        d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28";
        var updated = await K.AppsV1.ReplaceNamespacedDeploymentAsync(d, "web", ns, cancellationToken: Ct);
        Assert.True(updated.Metadata.Generation > created.Metadata.Generation);
        await SettleAsync();
        d = await K.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(updated.Metadata.Generation, d.Status.ObservedGeneration);
        Assert.Equal(1, d.Status.UpdatedReplicas);
        Assert.Equal(available.LastTransitionTime, d.Status.Conditions.Single(c => c.Type == "Available").LastTransitionTime);
    }

    [Fact]
    public async Task A_daemon_set_runs_once_on_the_one_node_unless_its_selector_excludes_it()
    {
        var ns = await fixture.NewNamespaceAsync("ds");
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } };
        await K.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "agent" },
            Spec = new V1DaemonSetSpec { Selector = selector, Template = Template("agent") },
        }, ns, cancellationToken: Ct);
        var windows = Template("agent");
        windows.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "windows" };
        await K.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "windows-agent" },
            Spec = new V1DaemonSetSpec { Selector = selector, Template = windows },
        }, ns, cancellationToken: Ct);
        await SettleAsync();

        var ds = await K.AppsV1.ReadNamespacedDaemonSetAsync("agent", ns, cancellationToken: Ct);
        Assert.Equal(ds.Metadata.Generation, ds.Status.ObservedGeneration);
        Assert.Equal((1, 1, 1, 1, 1), (ds.Status.DesiredNumberScheduled, ds.Status.CurrentNumberScheduled, ds.Status.NumberReady, ds.Status.NumberAvailable, ds.Status.UpdatedNumberScheduled));
        var none = await K.AppsV1.ReadNamespacedDaemonSetAsync("windows-agent", ns, cancellationToken: Ct);
        Assert.Equal(0, none.Status.DesiredNumberScheduled);
    }

    [Fact]
    public async Task A_service_gets_a_cluster_IP_from_the_service_range_that_cannot_change()
    {
        var ns = await fixture.NewNamespaceAsync("svc");
        V1Service Service(string name, string? ip = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ServiceSpec { ClusterIP = ip, Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80 }] },
        };
        var a = await K.CoreV1.CreateNamespacedServiceAsync(Service("a"), ns, cancellationToken: Ct);
        var b = await K.CoreV1.CreateNamespacedServiceAsync(Service("b"), ns, cancellationToken: Ct);
        Assert.StartsWith("172.20.", a.Spec.ClusterIP, StringComparison.Ordinal);
        Assert.NotEqual(a.Spec.ClusterIP, b.Spec.ClusterIP);
        Assert.Equal([a.Spec.ClusterIP], a.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], a.Spec.IpFamilies);
        Assert.Equal("SingleStack", a.Spec.IpFamilyPolicy);
        Assert.Equal("ClusterIP", a.Spec.Type);
        Assert.Equal("TCP", a.Spec.Ports[0].Protocol);
        Assert.Equal("80", a.Spec.Ports[0].TargetPort.Value);

        var headless = await K.CoreV1.CreateNamespacedServiceAsync(Service("headless", "None"), ns, cancellationToken: Ct);
        Assert.Equal("None", headless.Spec.ClusterIP);

        var taken = await Assert.ThrowsAsync<HttpOperationException>(() => K.CoreV1.CreateNamespacedServiceAsync(Service("c", a.Spec.ClusterIP), ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.Response.StatusCode);
        Assert.Contains("provided IP is already allocated", taken.Response.Content, StringComparison.Ordinal);

        // A replace without the IP keeps it; one with another IP is refused.
        var ip = a.Spec.ClusterIP;
        a.Spec.ClusterIP = null;
        a.Spec.ClusterIPs = null;
        var kept = await K.CoreV1.ReplaceNamespacedServiceAsync(a, "a", ns, cancellationToken: Ct);
        Assert.Equal(ip, kept.Spec.ClusterIP);
        Assert.Equal([ip], kept.Spec.ClusterIPs);
        kept.Spec.ClusterIP = "172.20.99.99";
        kept.Spec.ClusterIPs = ["172.20.99.99"];
        var changed = await Assert.ThrowsAsync<HttpOperationException>(() => K.CoreV1.ReplaceNamespacedServiceAsync(kept, "a", ns, cancellationToken: Ct));
        Assert.Contains("may not change once set", changed.Response.Content, StringComparison.Ordinal);
    }
}
