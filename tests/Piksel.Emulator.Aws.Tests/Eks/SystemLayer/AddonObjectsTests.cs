using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using static Piksel.Emulator.Aws.Tests.Eks.SystemLayer.SystemLayerCluster;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>Each add-on's kube-system objects, with the fields the real add-on gives them.</summary>
public sealed class AddonObjectsTests
{
    private const string CniRole = "arn:aws:iam::000000000000:role/vpc-cni";
    private const string EbsRole = "arn:aws:iam::000000000000:role/ebs-csi";
    private const string Registry = "602401143452.dkr.ecr.eu-west-1.amazonaws.com";

    [Fact]
    public async Task Coredns_installs_its_deployment_and_kube_dns_on_the_service_cidrs_tenth_address()
    {
        await using var cluster = await StartAsync(EmptySpec("172.20.0.0/16") with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1")] });
        var report = await cluster.ReportAsync(r => r.AddonName == "coredns");
        Assert.Equal(new AddonReport("coredns", true, null, null), report);
        var kube = cluster.Client;

        var deployment = await kube.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal(new Dictionary<string, string> { ["eks.amazonaws.com/component"] = "coredns", ["k8s-app"] = "kube-dns" }, deployment.Spec.Selector.MatchLabels);
        Assert.Equal("25%", deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("1", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        var pod = deployment.Spec.Template.Spec;
        Assert.Equal("system-cluster-critical", pod.PriorityClassName);
        Assert.Equal("coredns", pod.ServiceAccountName);
        Assert.Contains(pod.Tolerations, t => t.Key == "CriticalAddonsOnly" && t.OperatorProperty == "Exists");
        Assert.Contains(pod.Tolerations, t => t.Key == "node-role.kubernetes.io/control-plane" && t.Effect == "NoSchedule");
        var container = Assert.Single(pod.Containers);
        Assert.Equal($"{Registry}/eks/coredns:v1.12.4-eksbuild.1", container.Image);
        Assert.Equal("100m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("70Mi", container.Resources.Requests["memory"].ToString());
        Assert.Equal("170Mi", container.Resources.Limits["memory"].ToString());
        Assert.False(container.Resources.Limits.ContainsKey("cpu"));

        var service = await kube.CoreV1.ReadNamespacedServiceAsync("kube-dns", "kube-system", cancellationToken: Ct);
        Assert.Equal("172.20.0.10", service.Spec.ClusterIP);
        Assert.Equal("kube-dns", service.Spec.Selector["k8s-app"]);
        Assert.Equal("CoreDNS", service.Metadata.Labels["kubernetes.io/name"]);
        Assert.Equal("true", service.Metadata.Annotations["prometheus.io/scrape"]);
        Assert.Equal(["dns/UDP/53", "dns-tcp/TCP/53", "metrics/TCP/9153"], service.Spec.Ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));

        Assert.NotNull(await kube.CoreV1.ReadNamespacedServiceAccountAsync("coredns", "kube-system", cancellationToken: Ct));
        var corefile = (await kube.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system", cancellationToken: Ct)).Data["Corefile"];
        Assert.Contains("kubernetes cluster.local in-addr.arpa ip6.arpa", corefile, StringComparison.Ordinal);
        Assert.Contains(
            (await kube.RbacAuthorizationV1.ReadClusterRoleAsync("system:coredns", cancellationToken: Ct)).Rules,
            r => r.Resources.Contains("endpointslices") && r.Verbs.Contains("watch"));
        var binding = await kube.RbacAuthorizationV1.ReadClusterRoleBindingAsync("system:coredns", cancellationToken: Ct);
        Assert.Equal(("ServiceAccount", "coredns", "kube-system"), (binding.Subjects[0].Kind, binding.Subjects[0].Name, binding.Subjects[0].NamespaceProperty));
        var budget = await kube.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("coredns", "kube-system", cancellationToken: Ct);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);

        // The priority classes the add-ons name exist, as kube-apiserver makes them.
        Assert.Equal(2000000000, (await kube.SchedulingV1.ReadPriorityClassAsync("system-cluster-critical", cancellationToken: Ct)).Value);
        Assert.Equal(2000001000, (await kube.SchedulingV1.ReadPriorityClassAsync("system-node-critical", cancellationToken: Ct)).Value);
    }

    [Fact]
    public async Task Kube_proxy_vpc_cni_and_ebs_csi_install_their_daemon_sets_roles_and_driver()
    {
        await using var cluster = await StartAsync(EmptySpec() with
        {
            Addons =
            [
                Addon("kube-proxy", "v1.33.5-eksbuild.2"),
                Addon("vpc-cni", "v1.20.1-eksbuild.3", CniRole),
                Addon("aws-ebs-csi-driver", "v1.44.0-eksbuild.1", EbsRole),
            ],
        });
        foreach (var name in new[] { "kube-proxy", "vpc-cni", "aws-ebs-csi-driver" })
            Assert.True((await cluster.ReportAsync(r => r.AddonName == name)).Installed);
        var kube = cluster.Client;

        var proxy = await kube.AppsV1.ReadNamespacedDaemonSetAsync("kube-proxy", "kube-system", cancellationToken: Ct);
        Assert.Equal("kube-proxy", proxy.Metadata.Labels["eks.amazonaws.com/component"]);
        var proxyPod = proxy.Spec.Template.Spec;
        Assert.True(proxyPod.HostNetwork);
        Assert.Equal("system-node-critical", proxyPod.PriorityClassName);
        Assert.Contains("--config=/var/lib/kube-proxy-config/config", proxyPod.Containers[0].Command);
        Assert.Equal($"{Registry}/eks/kube-proxy:v1.33.5-minimal-eksbuild.2", proxyPod.Containers[0].Image);
        AssertNotOnFargate(proxyPod);
        Assert.Contains("mode: \"iptables\"", (await kube.CoreV1.ReadNamespacedConfigMapAsync("kube-proxy-config", "kube-system", cancellationToken: Ct)).Data["config"], StringComparison.Ordinal);
        Assert.Contains("kubeconfig", (await kube.CoreV1.ReadNamespacedConfigMapAsync("kube-proxy", "kube-system", cancellationToken: Ct)).Data.Keys);
        Assert.NotNull(await kube.CoreV1.ReadNamespacedServiceAccountAsync("kube-proxy", "kube-system", cancellationToken: Ct));

        var node = await kube.AppsV1.ReadNamespacedDaemonSetAsync("aws-node", "kube-system", cancellationToken: Ct);
        Assert.Equal("aws-node", node.Spec.Selector.MatchLabels["k8s-app"]);
        Assert.Equal("10%", node.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value);
        var nodePod = node.Spec.Template.Spec;
        Assert.Equal(["aws-vpc-cni-init"], nodePod.InitContainers.Select(c => c.Name));
        Assert.Equal(["aws-node", "aws-eks-nodeagent"], nodePod.Containers.Select(c => c.Name));
        Assert.Equal($"{Registry}/amazon-k8s-cni:v1.20.1-eksbuild.3", nodePod.Containers[0].Image);
        Assert.Equal("system-node-critical", nodePod.PriorityClassName);
        Assert.Equal("Exists", Assert.Single(nodePod.Tolerations).OperatorProperty);
        AssertNotOnFargate(nodePod);
        Assert.Equal(CniRole, (await kube.CoreV1.ReadNamespacedServiceAccountAsync("aws-node", "kube-system", cancellationToken: Ct)).Metadata.Annotations["eks.amazonaws.com/role-arn"]);
        Assert.NotNull(await kube.RbacAuthorizationV1.ReadClusterRoleAsync("aws-node", cancellationToken: Ct));
        Assert.NotNull(await kube.RbacAuthorizationV1.ReadClusterRoleBindingAsync("aws-node", cancellationToken: Ct));
        Assert.Equal("false", (await kube.CoreV1.ReadNamespacedConfigMapAsync("amazon-vpc-cni", "kube-system", cancellationToken: Ct)).Data["enable-network-policy-controller"]);

        var controller = await kube.AppsV1.ReadNamespacedDeploymentAsync("ebs-csi-controller", "kube-system", cancellationToken: Ct);
        Assert.Equal(2, controller.Spec.Replicas);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "ebs-csi-controller", ["app.kubernetes.io/name"] = "aws-ebs-csi-driver" }, controller.Spec.Selector.MatchLabels);
        var controllerPod = controller.Spec.Template.Spec;
        Assert.Equal("ebs-csi-controller-sa", controllerPod.ServiceAccountName);
        Assert.Equal("system-cluster-critical", controllerPod.PriorityClassName);
        Assert.Equal(["ebs-plugin", "csi-provisioner", "csi-attacher", "csi-snapshotter", "csi-resizer", "liveness-probe"], controllerPod.Containers.Select(c => c.Name));
        Assert.Equal($"{Registry}/eks/aws-ebs-csi-driver:v1.44.0", controllerPod.Containers[0].Image);
        Assert.Contains(controllerPod.Tolerations, t => t.Effect == "NoExecute" && t.TolerationSeconds == 300);
        Assert.Equal(EbsRole, (await kube.CoreV1.ReadNamespacedServiceAccountAsync("ebs-csi-controller-sa", "kube-system", cancellationToken: Ct)).Metadata.Annotations["eks.amazonaws.com/role-arn"]);
        var ebsNode = await kube.AppsV1.ReadNamespacedDaemonSetAsync("ebs-csi-node", "kube-system", cancellationToken: Ct);
        Assert.Equal("ebs-csi-node-sa", ebsNode.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal(["ebs-plugin", "node-driver-registrar", "liveness-probe"], ebsNode.Spec.Template.Spec.Containers.Select(c => c.Name));
        AssertNotOnFargate(ebsNode.Spec.Template.Spec);
        var driver = await kube.StorageV1.ReadCSIDriverAsync("ebs.csi.aws.com", cancellationToken: Ct);
        Assert.True(driver.Spec.AttachRequired);
        Assert.False(driver.Spec.PodInfoOnMount);
        Assert.Equal("File", driver.Spec.FsGroupPolicy);
        Assert.NotNull(await kube.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("ebs-csi-controller", "kube-system", cancellationToken: Ct));
    }

    [Fact]
    public async Task Configuration_values_set_what_the_add_on_accepts()
    {
        const string values = """{"replicaCount":3,"resources":{"requests":{"cpu":"200m","memory":"100Mi"},"limits":{"memory":"300Mi"}},"tolerations":[{"key":"dedicated","operator":"Equal","value":"system","effect":"NoSchedule"}],"computeType":"Fargate"}""";
        await using var cluster = await StartAsync(EmptySpec() with
        {
            Addons = [Addon("coredns", "v1.12.4-eksbuild.1", values: values), Addon("aws-ebs-csi-driver", "v1.44.0-eksbuild.1", values: """{"controller":{"replicaCount":1},"defaultStorageClass":{"enabled":true}}""")],
        });
        await cluster.ReportAsync(r => r.AddonName == "aws-ebs-csi-driver");

        var coredns = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct);
        Assert.Equal(3, coredns.Spec.Replicas);
        var container = coredns.Spec.Template.Spec.Containers[0];
        Assert.Equal("200m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("300Mi", container.Resources.Limits["memory"].ToString());
        var toleration = Assert.Single(coredns.Spec.Template.Spec.Tolerations);
        Assert.Equal(("dedicated", "system"), (toleration.Key, toleration.Value));
        // computeType Fargate drops the annotation that pins CoreDNS to EC2.
        Assert.True(coredns.Spec.Template.Metadata.Annotations is null || !coredns.Spec.Template.Metadata.Annotations.ContainsKey("eks.amazonaws.com/compute-type"));

        Assert.Equal(1, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("ebs-csi-controller", "kube-system", cancellationToken: Ct)).Spec.Replicas);
        var storageClass = await cluster.Client.StorageV1.ReadStorageClassAsync("ebs-csi-default-sc", cancellationToken: Ct);
        Assert.Equal("ebs.csi.aws.com", storageClass.Provisioner);
        Assert.Equal("true", storageClass.Metadata.Annotations["storageclass.kubernetes.io/is-default-class"]);
    }

    [Fact]
    public async Task Coredns_is_pinned_to_ec2_by_default()
    {
        await using var cluster = await StartAsync(EmptySpec() with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1")] });
        await cluster.ReportAsync(r => r.AddonName == "coredns");
        var coredns = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct);
        Assert.Equal("ec2", coredns.Spec.Template.Metadata.Annotations["eks.amazonaws.com/compute-type"]);
    }

    private static void AssertNotOnFargate(V1PodSpec pod)
    {
        var terms = pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms;
        Assert.Contains(terms.SelectMany(t => t.MatchExpressions), e => e.Key == "eks.amazonaws.com/compute-type" && e.OperatorProperty == "NotIn" && e.Values.Contains("fargate"));
    }
}
