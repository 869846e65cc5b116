using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Sqs;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>
/// The Karpenter every EKS cluster runs, acting on the emulator's real APIs with its IRSA role and the platform's policy:
/// launches go through a launch template and an instant fleet into the private subnets tagged for discovery, with the
/// node role's instance profile and the tags the policy demands; a launch the policy refuses is an error on the
/// NodeClaim, not a node; an interruption on the queue drains the node and replaces it.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsKarpenterCloudTests(EmulatorFixture fixture)
{
    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done) => ExternalSecretsTestKit.EventuallyAsync(read, done, Ct);

    private static bool IsReady(JsonObject obj) =>
        (obj["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    [Fact]
    public async Task A_pending_pod_gets_a_fleet_instance_in_a_private_subnet_with_the_node_profile_and_an_interruption_replaces_it()
    {
        using var kit = await KarpenterAwsKit.StartAsync(fixture);
        var nodeClass = await Eventually(() => kit.Kube.CustomObjects.GetClusterCustomObjectAsync<JsonObject>("karpenter.k8s.aws", "v1", "ec2nodeclasses", "default", Ct), IsReady);
        Assert.Equal(kit.Network.PrivateSubnets.Order(), nodeClass["status"]!["subnets"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Order());

        await kit.CreateDeploymentAsync("web", "2");
        var pod = (await Eventually(() => kit.Kube.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: Ct),
            p => p.Items.Count == 1 && p.Items[0].Status?.Phase == "Running")).Items[0];
        var node = await kit.Kube.CoreV1.ReadNodeAsync(pod.Spec.NodeName, cancellationToken: Ct);
        var instanceId = node.Spec.ProviderID.Split('/')[^1];

        var instance = Assert.Single(await kit.InstancesAsync("karpenter.sh/nodepool", "default"), i => i.InstanceId == instanceId);
        var tags = instance.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(("owned", kit.Cluster, node.Metadata.Labels["karpenter.sh/nodepool"]), (tags[$"kubernetes.io/cluster/{kit.Cluster}"], tags["karpenter.sh/discovery"], tags["karpenter.sh/nodepool"]));
        Assert.Equal(node.Metadata.Annotations["karpenter.sh/nodeclaim"], tags["karpenter.sh/nodeclaim"]);
        Assert.Contains(instance.SubnetId, kit.Network.PrivateSubnets);
        Assert.Equal($"arn:aws:iam::000000000000:instance-profile/{kit.NodeRole}", instance.IamInstanceProfile.Arn);
        Assert.Equal(node.Metadata.Labels["node.kubernetes.io/instance-type"], instance.InstanceType.Value);
        var claim = await kit.Kube.CustomObjects.GetClusterCustomObjectAsync<JsonObject>("karpenter.sh", "v1", "nodeclaims", tags["karpenter.sh/nodeclaim"], Ct);
        Assert.Equal(instance.Placement.AvailabilityZone, claim["metadata"]!["labels"]!["topology.kubernetes.io/zone"]!.GetValue<string>());
        // Launched as Karpenter launches: from its launch template (tagged for the cluster), by an instant fleet.
        var templates = await kit.Ec2.DescribeLaunchTemplatesAsync(new Amazon.EC2.Model.DescribeLaunchTemplatesRequest
        {
            Filters = [new Amazon.EC2.Model.Filter("tag:karpenter.sh/discovery", [kit.Cluster])],
        }, Ct);
        var template = Assert.Single(templates.LaunchTemplates);
        Assert.StartsWith("karpenter.k8s.aws/", template.LaunchTemplateName, StringComparison.Ordinal);
        Assert.Equal(template.LaunchTemplateId, tags["aws:ec2launchtemplate:id"]);
        Assert.StartsWith("fleet-", tags["aws:ec2:fleet-id"], StringComparison.Ordinal);

        // A spot interruption warning on the queue, as EventBridge delivers it: the node is drained and replaced.
        using var sqs = new SqsClient(Options(Endpoint(fixture), fixture.RootCredentials));
        await sqs.SendMessageAsync(kit.QueueUrl, InterruptionEventTests.Envelope("aws.ec2", "EC2 Spot Instance Interruption Warning",
            $$"""{"instance-id":"{{instanceId}}","instance-action":"terminate"}"""), cancellationToken: Ct);
        var moved = await Eventually(() => kit.Kube.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: Ct),
            pods => pods.Items.Count == 1 && pods.Items[0].Status?.Phase == "Running" && pods.Items[0].Spec.NodeName != node.Metadata.Name);
        Assert.NotEqual(pod.Metadata.Uid, moved.Items[0].Metadata.Uid);
        Assert.DoesNotContain(await kit.InstancesAsync("karpenter.sh/nodepool", "default"), i => i.InstanceId == instanceId);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => kit.Kube.CoreV1.ReadNodeAsync(node.Metadata.Name, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_launch_the_policy_refuses_is_an_error_on_the_claim_and_no_instance()
    {
        // Karpenter's policy names another cluster: its discovery tag condition cannot hold for this one.
        using var kit = await KarpenterAwsKit.StartAsync(fixture, _ => "someone-else");
        await Eventually(() => kit.Kube.CustomObjects.GetClusterCustomObjectAsync<JsonObject>("karpenter.k8s.aws", "v1", "ec2nodeclasses", "default", Ct), IsReady);

        await kit.Kube.CoreV1.CreateNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(KarpenterObjects.Pod("refused", cpu: "2").ToJsonString()), "default", cancellationToken: Ct);
        var failed = await Eventually(() => kit.Kube.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "reason=LaunchFailed", cancellationToken: Ct), e => e.Items.Count > 0);
        Assert.Contains("UnauthorizedOperation", failed.Items[0].Message, StringComparison.Ordinal);
        Assert.Empty(await kit.InstancesAsync("karpenter.sh/discovery", kit.Cluster));
        Assert.Empty((await kit.Kube.CoreV1.ListNodeAsync(labelSelector: "karpenter.sh/nodepool", cancellationToken: Ct)).Items);
        Assert.Equal("Pending", (await kit.Kube.CoreV1.ReadNamespacedPodAsync("refused", "default", cancellationToken: Ct)).Status.Phase);
    }
}
