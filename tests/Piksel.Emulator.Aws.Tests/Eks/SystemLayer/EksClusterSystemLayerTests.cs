using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>The system layer is part of every cluster EKS's CreateCluster starts.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class EksClusterSystemLayerTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_cluster_created_through_eks_has_the_system_priority_classes_and_serves_the_add_ons_kinds()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ActiveClusterAsync(eks, Unique("system"), await ClusterRoleAsync(iam, Unique("eks-role")));
        using var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));

        var critical = await SystemLayerCluster.EventuallyAsync(
            async () => (await kube.SchedulingV1.ListPriorityClassAsync(cancellationToken: Ct)).Items,
            items => items.Count >= 2, "the system priority classes");
        Assert.Equal(2000001000, critical.Single(c => c.Metadata.Name == "system-node-critical").Value);
        Assert.Equal(2000000000, critical.Single(c => c.Metadata.Name == "system-cluster-critical").Value);

        var budget = await kube.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
        }, "default", cancellationToken: Ct);
        Assert.Equal("web", budget.Metadata.Name);
        Assert.Empty((await kube.StorageV1.ListCSIDriverAsync(cancellationToken: Ct)).Items);

        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }
}
