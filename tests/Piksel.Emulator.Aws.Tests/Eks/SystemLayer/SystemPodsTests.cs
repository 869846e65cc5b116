using k8s;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using Piksel.Emulator.Kubernetes.Controllers;
using static Piksel.Emulator.Aws.Tests.Eks.SystemLayer.SystemLayerCluster;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>
/// The system layer as a whole, as <c>kubectl -n kube-system get pods -o wide</c> shows it: every pod Running, kube-system
/// pods of a Fargate profile on Fargate nodes, no DaemonSet pod on one. The Running and DaemonSet placement parts rest on
/// the scheduler, kubelet and DaemonSet controller of the Kubernetes emulator (issue 10, item 5): they hold fully once
/// that work is merged; before it, DaemonSets make no pods and Fargate pods stay bound but Pending.
/// </summary>
public sealed class SystemPodsTests
{
    [Fact]
    public async Task Kube_system_deployment_pods_go_to_fargate_nodes_of_their_own_and_no_daemon_set_pod_does()
    {
        await using var cluster = await SystemLayerAsync();
        var kube = cluster.Client;

        // The Deployments' pods come from the ReplicaSet controller; the kube-system profile takes them to Fargate.
        var pods = await EventuallyAsync(
            () => kube.CoreV1.ListNamespacedPodAsync("kube-system", cancellationToken: Ct),
            l => l.Items.Count(p => Label(p.Metadata, "k8s-app") == "kube-dns" && p.Spec.NodeName is not null) == 2
                && l.Items.Count(p => Label(p.Metadata, "app") == "ebs-csi-controller" && p.Spec.NodeName is not null) == 2,
            "coredns and the EBS CSI controller placed");
        var nodes = (await kube.CoreV1.ListNodeAsync(cancellationToken: Ct)).Items;
        var fargate = nodes.Where(n => Label(n.Metadata, "eks.amazonaws.com/compute-type") == "fargate").Select(n => n.Metadata.Name).ToHashSet();
        var deploymentPods = pods.Items.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "ReplicaSet") == true).ToList();
        Assert.All(deploymentPods, p => Assert.Contains(p.Spec.NodeName, fargate));
        Assert.Equal(deploymentPods.Count, deploymentPods.Select(p => p.Spec.NodeName).Distinct().Count());
        Assert.DoesNotContain(pods.Items, p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet") == true && fargate.Contains(p.Spec.NodeName ?? ""));
    }

    [Fact]
    public async Task Every_system_pod_runs()
    {
        await using var cluster = await SystemLayerAsync();
        var kube = cluster.Client;
        await cluster.Server.SettleAsync(cancellationToken: Ct);
        var running = await EventuallyAsync(
            () => kube.CoreV1.ListNamespacedPodAsync("kube-system", cancellationToken: Ct),
            l => l.Items.Count > 0 && l.Items.All(p => p.Status?.Phase == "Running"), "every kube-system pod Running");
        Assert.Contains(running.Items, p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Name == "aws-node") == true);
        Assert.Contains(running.Items, p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Name == "kube-proxy") == true);
    }

    private static async Task<SystemLayerCluster> SystemLayerAsync()
    {
        var kubeSystem = new FargateProfileSpec("kube-system", "arn:aws:iam::000000000000:role/fargate-pods",
            [Subnet("subnet-a", "eu-west-1a", "10.0.32.0/19"), Subnet("subnet-b", "eu-west-1b", "10.0.64.0/19")],
            [new FargateSelectorSpec("kube-system", new Dictionary<string, string>())]);
        var cluster = await StartAsync(EmptySpec() with
        {
            FargateProfiles = [kubeSystem],
            Addons =
            [
                Addon("coredns", "v1.12.4-eksbuild.1", values: """{"computeType":"Fargate"}"""),
                Addon("kube-proxy", "v1.33.5-eksbuild.2"),
                Addon("vpc-cni", "v1.20.1-eksbuild.3", "arn:aws:iam::000000000000:role/cni"),
                Addon("aws-ebs-csi-driver", "v1.44.0-eksbuild.1", "arn:aws:iam::000000000000:role/ebs"),
            ],
        });
        foreach (var name in new[] { "coredns", "kube-proxy", "vpc-cni", "aws-ebs-csi-driver" })
            Assert.True((await cluster.ReportAsync(r => r.AddonName == name)).Installed);

        return cluster;
    }

    private static string? Label(k8s.Models.V1ObjectMeta metadata, string key) =>
        metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
