using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>
/// The Node a Fargate pod runs on, as its kubelet registers it: <c>fargate-ip-a-b-c-d.&lt;region&gt;.compute.internal</c>
/// (<c>ec2.internal</c> in us-east-1, as EC2's private DNS names), labelled with compute type <c>fargate</c> and its
/// subnet's zone, tainted <c>eks.amazonaws.com/compute-type=fargate:NoSchedule</c>, Ready, sized to the pod.
/// </summary>
public static class FargateNode
{
    /// <summary>The prefix of every Fargate node's name.</summary>
    public const string Prefix = "fargate-ip-";

    /// <summary>The node name for <paramref name="ip"/> in <paramref name="region"/>.</summary>
    public static string Name(string ip, string region) =>
        Prefix + ip.Replace('.', '-') + (region == "us-east-1" ? ".ec2.internal" : $".{region}.compute.internal");

    /// <summary>True for a Fargate node.</summary>
    public static bool Is(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(Addons.Manifests.ComputeTypeLabel, out var type) && type == "fargate";

    /// <summary>The Node object.</summary>
    public static JsonObject Build(string name, string ip, SubnetView subnet, string region, string kubernetesVersion, FargateCapacity capacity, DateTimeOffset now)
    {
        var time = Meta.Timestamp(now);
        var seed = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subnet.SubnetId + "/" + name)));
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = time,
            ["lastTransitionTime"] = time,
            ["reason"] = reason,
            ["message"] = message,
        };
        var resources = new JsonObject
        {
            ["cpu"] = capacity.CpuQuantity,
            ["ephemeral-storage"] = "30787492Ki",
            ["hugepages-1Gi"] = "0",
            ["hugepages-2Mi"] = "0",
            ["memory"] = capacity.MemoryQuantity,
            ["pods"] = "1",
        };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["beta.kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    [Addons.Manifests.ComputeTypeLabel] = "fargate",
                    ["failure-domain.beta.kubernetes.io/region"] = region,
                    ["failure-domain.beta.kubernetes.io/zone"] = subnet.AvailabilityZone,
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["topology.kubernetes.io/region"] = region,
                    ["topology.kubernetes.io/zone"] = subnet.AvailabilityZone,
                },
                ["annotations"] = new JsonObject
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            ["spec"] = new JsonObject
            {
                ["providerID"] = $"aws:///{subnet.AvailabilityZone}/{seed[..32]}/{name}",
                ["taints"] = new JsonArray(new JsonObject { ["key"] = Addons.Manifests.ComputeTypeLabel, ["value"] = "fargate", ["effect"] = "NoSchedule" }),
            },
            ["status"] = new JsonObject
            {
                ["capacity"] = resources,
                ["allocatable"] = resources.DeepClone(),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = ip },
                    new JsonObject { ["type"] = "InternalDNS", ["address"] = name },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = seed[..32],
                    ["systemUUID"] = $"ec2{seed[3..8]}-{seed[8..12]}-{seed[12..16]}-{seed[16..20]}-{seed[20..32]}",
                    ["bootID"] = $"{seed[32..40]}-{seed[40..44]}-{seed[44..48]}-{seed[48..52]}-{seed[52..64]}",
                    ["kernelVersion"] = "5.10.234-225.910.amzn2.x86_64",
                    ["osImage"] = "Amazon Linux 2",
                    ["containerRuntimeVersion"] = "containerd://1.7.27",
                    ["kubeletVersion"] = $"v{kubernetesVersion}.0-eks-piksel",
                    ["kubeProxyVersion"] = $"v{kubernetesVersion}.0-eks-piksel",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                },
            },
        };
    }
}
