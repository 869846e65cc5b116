using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using Piksel.Emulator.Kubernetes.Controllers;
using static Piksel.Emulator.Aws.Tests.Eks.SystemLayer.SystemLayerCluster;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>Pods matching a Fargate profile admitted for Fargate and placed on a node of their own.</summary>
public sealed class FargateTests
{
    private static readonly FargateProfileSpec Apps = new("apps", "arn:aws:iam::000000000000:role/fargate-pods",
        [Subnet("subnet-a", "eu-west-1a", "10.0.32.0/19"), Subnet("subnet-b", "eu-west-1b", "10.0.64.0/19")],
        [new FargateSelectorSpec("apps-*", new Dictionary<string, string>())]);

    private static V1Pod Pod(string name, string? cpu = null, string? memory = null, Dictionary<string, string>? labels = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null) requests["cpu"] = new ResourceQuantity(cpu);
        if (memory is not null) requests["memory"] = new ResourceQuantity(memory);
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx", Resources = new V1ResourceRequirements { Requests = requests } }] },
        };
    }

    [Fact]
    public async Task A_pod_of_a_profile_lands_on_a_fargate_node_of_its_own_which_goes_with_it()
    {
        await using var cluster = await StartAsync(EmptySpec() with { FargateProfiles = [Apps] });
        var ns = await cluster.NamespaceAsync("apps-web");
        var kube = cluster.Client;

        var admitted = await kube.CoreV1.CreateNamespacedPodAsync(Pod("web", "500m", "1Gi"), ns, cancellationToken: Ct);
        Assert.Equal("fargate-scheduler", admitted.Spec.SchedulerName);
        Assert.Equal("apps", admitted.Metadata.Labels["eks.amazonaws.com/fargate-profile"]);
        // 1 GiB + 256 MB of Fargate's own does not fit 0.5 vCPU / 1 GB: the next size up.
        Assert.Equal("0.5vCPU 2GB", admitted.Metadata.Annotations["CapacityProvisioned"]);

        var pod = await EventuallyAsync(() => kube.CoreV1.ReadNamespacedPodAsync("web", ns, cancellationToken: Ct), p => p.Spec.NodeName is not null, "the pod bound");
        Assert.Matches(@"^fargate-ip-10-0-(3[2-9]|[4-5][0-9]|6[0-3]|6[4-9]|[7-9][0-9])-\d+\.eu-west-1\.compute\.internal$", pod.Spec.NodeName);
        var node = await kube.CoreV1.ReadNodeAsync(pod.Spec.NodeName, cancellationToken: Ct);
        Assert.Equal("fargate", node.Metadata.Labels["eks.amazonaws.com/compute-type"]);
        Assert.Equal("eu-west-1", node.Metadata.Labels["topology.kubernetes.io/region"]);
        Assert.Contains(node.Metadata.Labels["topology.kubernetes.io/zone"], new[] { "eu-west-1a", "eu-west-1b" });
        var taint = Assert.Single(node.Spec.Taints);
        Assert.Equal(("eks.amazonaws.com/compute-type", "fargate", "NoSchedule"), (taint.Key, taint.Value, taint.Effect));
        Assert.Equal("True", node.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("500m", node.Status.Capacity["cpu"].ToString());
        Assert.Equal("2Gi", node.Status.Capacity["memory"].ToString());
        Assert.Equal("1", node.Status.Capacity["pods"].ToString());
        var ip = node.Status.Addresses.Single(a => a.Type == "InternalIP").Address;
        Assert.Equal("fargate-ip-" + ip.Replace('.', '-') + ".eu-west-1.compute.internal", node.Metadata.Name);
        var scheduled = await EventuallyAsync(() => kube.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct), l => l.Items.Any(e => e.Reason == "Scheduled"), "the Scheduled event");
        var ev = scheduled.Items.Single(e => e.Reason == "Scheduled");
        Assert.Equal($"Successfully assigned {ns}/web to {node.Metadata.Name}", ev.Message);
        Assert.Equal("fargate-scheduler", ev.Source.Component);

        // One pod per node.
        await kube.CoreV1.CreateNamespacedPodAsync(Pod("api"), ns, cancellationToken: Ct);
        var other = await EventuallyAsync(() => kube.CoreV1.ReadNamespacedPodAsync("api", ns, cancellationToken: Ct), p => p.Spec.NodeName is not null, "the second pod bound");
        Assert.NotEqual(pod.Spec.NodeName, other.Spec.NodeName);
        Assert.Equal("0.25vCPU 0.5GB", other.Metadata.Annotations["CapacityProvisioned"]);

        await kube.CoreV1.DeleteNamespacedPodAsync("web", ns, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: Ct);
        await EventuallyAsync(() => kube.CoreV1.ListNodeAsync(cancellationToken: Ct), l => l.Items.All(n => n.Metadata.Name != pod.Spec.NodeName), "the node removed with its pod");
    }

    [Fact]
    public async Task Profiles_match_by_namespace_wildcards_and_every_label_ties_going_to_the_first_name()
    {
        var labelled = new FargateProfileSpec("b-labelled", "arn:aws:iam::000000000000:role/fargate-pods", Apps.Subnets,
            [new FargateSelectorSpec("team-?", new Dictionary<string, string> { ["tier"] = "web", ["fargate"] = "yes" })]);
        var any = new FargateProfileSpec("c-any", "arn:aws:iam::000000000000:role/fargate-pods", Apps.Subnets, [new FargateSelectorSpec("team-*", new Dictionary<string, string>())]);
        var first = new FargateProfileSpec("a-first", "arn:aws:iam::000000000000:role/fargate-pods", Apps.Subnets,
            [new FargateSelectorSpec("team-x", new Dictionary<string, string> { ["tier"] = "web" })]);
        await using var cluster = await StartAsync(EmptySpec() with { FargateProfiles = [any, labelled, first] });
        var x = await cluster.NamespaceAsync("team-x");
        var y = await cluster.NamespaceAsync("team-y");
        var other = await cluster.NamespaceAsync("other");
        var kube = cluster.Client;
        var web = new Dictionary<string, string> { ["tier"] = "web", ["fargate"] = "yes" };

        Assert.Equal("a-first", (await kube.CoreV1.CreateNamespacedPodAsync(Pod("p", labels: web), x, cancellationToken: Ct)).Metadata.Labels["eks.amazonaws.com/fargate-profile"]);
        Assert.Equal("b-labelled", (await kube.CoreV1.CreateNamespacedPodAsync(Pod("p", labels: web), y, cancellationToken: Ct)).Metadata.Labels["eks.amazonaws.com/fargate-profile"]);
        // One label short of b-labelled's selector: only the catch-all matches.
        Assert.Equal("c-any", (await kube.CoreV1.CreateNamespacedPodAsync(Pod("q", labels: new() { ["tier"] = "web" }), y, cancellationToken: Ct)).Metadata.Labels["eks.amazonaws.com/fargate-profile"]);
        var unmatched = await kube.CoreV1.CreateNamespacedPodAsync(Pod("p"), other, cancellationToken: Ct);
        Assert.NotEqual("fargate-scheduler", unmatched.Spec.SchedulerName);
        Assert.False(unmatched.Metadata.Labels?.ContainsKey("eks.amazonaws.com/fargate-profile") ?? false);
    }

    [Fact]
    public async Task Daemon_set_pods_and_pods_pinned_to_ec2_are_never_taken_by_fargate()
    {
        await using var cluster = await StartAsync(EmptySpec() with { FargateProfiles = [Apps] });
        var ns = await cluster.NamespaceAsync("apps-daemons");
        var kube = cluster.Client;
        var daemonSet = await kube.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "agent" },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "busybox" }] },
                },
            },
        }, ns, cancellationToken: Ct);
        // A pod as the DaemonSet controller makes it (owned by the DaemonSet).
        var owned = Pod("agent-x", labels: new() { ["app"] = "agent" });
        owned.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "agent", Uid = daemonSet.Metadata.Uid, Controller = true }];
        var created = await kube.CoreV1.CreateNamespacedPodAsync(owned, ns, cancellationToken: Ct);
        Assert.NotEqual("fargate-scheduler", created.Spec.SchedulerName);

        var pinned = Pod("pinned");
        pinned.Metadata.Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/compute-type"] = "ec2" };
        Assert.NotEqual("fargate-scheduler", (await kube.CoreV1.CreateNamespacedPodAsync(pinned, ns, cancellationToken: Ct)).Spec.SchedulerName);

        // Whatever the DaemonSet controller places (once it makes pods), none is on a Fargate node.
        await cluster.Server.SettleAsync(cancellationToken: Ct);
        var nodes = (await kube.CoreV1.ListNodeAsync(cancellationToken: Ct)).Items.Where(n => n.Metadata.Labels.TryGetValue("eks.amazonaws.com/compute-type", out var t) && t == "fargate").Select(n => n.Metadata.Name).ToHashSet();
        var pods = await kube.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct);
        Assert.DoesNotContain(pods.Items, p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet") == true && p.Spec.NodeName is { } n && nodes.Contains(n));
    }

    [Fact]
    public async Task A_pod_too_large_for_fargate_waits_with_a_failed_scheduling_event()
    {
        await using var cluster = await StartAsync(EmptySpec() with { FargateProfiles = [Apps] });
        var ns = await cluster.NamespaceAsync("apps-big");
        var kube = cluster.Client;

        var admitted = await kube.CoreV1.CreateNamespacedPodAsync(Pod("big", "32", "64Gi"), ns, cancellationToken: Ct);
        Assert.Equal("fargate-scheduler", admitted.Spec.SchedulerName);
        Assert.False(admitted.Metadata.Annotations?.ContainsKey("CapacityProvisioned") ?? false);

        var events = await EventuallyAsync(() => kube.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct), l => l.Items.Any(e => e.Reason == "FailedScheduling"), "a FailedScheduling event");
        var failed = events.Items.Single(e => e.Reason == "FailedScheduling");
        Assert.Equal("Warning", failed.Type);
        Assert.Equal("Pod not supported on Fargate: POD_CPU_MEM_EXCEEDS_MAX_FARGATE_SIZE", failed.Message);
        Assert.Null((await kube.CoreV1.ReadNamespacedPodAsync("big", ns, cancellationToken: Ct)).Spec.NodeName);
    }

    [Fact]
    public async Task A_pod_whose_profile_is_gone_keeps_waiting()
    {
        await using var cluster = await StartAsync(EmptySpec() with { FargateProfiles = [Apps] });
        var ns = await cluster.NamespaceAsync("apps-late");
        cluster.Update(s => s with { FargateProfiles = [] });
        var kube = cluster.Client;
        var waiting = Pod("w");
        waiting.Metadata.Labels = new Dictionary<string, string> { ["eks.amazonaws.com/fargate-profile"] = "apps" };
        waiting.Spec.SchedulerName = "fargate-scheduler";
        await kube.CoreV1.CreateNamespacedPodAsync(waiting, ns, cancellationToken: Ct);

        await cluster.Server.SettleAsync(cancellationToken: Ct);
        Assert.Null((await kube.CoreV1.ReadNamespacedPodAsync("w", ns, cancellationToken: Ct)).Spec.NodeName);
    }
}
