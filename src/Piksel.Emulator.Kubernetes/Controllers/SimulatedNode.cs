using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>The cluster's default worker node: an EKS managed-node-group m5.large as its kubelet registers it (others may be added).</summary>
public static class SimulatedNode
{
    /// <summary>The node's name.</summary>
    public const string Name = "piksel-node-1";

    /// <summary>The node's VPC address (InternalIP, the pods' hostIP).</summary>
    public const string InternalIp = "10.0.0.10";

    /// <summary>The Node object (labels, capacity, allocatable, conditions, node info) at <paramref name="now"/>.</summary>
    public static JsonObject Build(string region, string kubernetesVersion, DateTimeOffset now)
    {
        var time = Meta.Timestamp(now);
        var zone = region + "a";
        // Stable ids derived from the region: a restarted cluster shows the same node.
        var seed = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(region + "/" + Name)));
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = time,
            ["lastTransitionTime"] = time,
            ["reason"] = reason,
            ["message"] = message,
        };
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["labels"] = new JsonObject
                {
                    ["beta.kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/instance-type"] = "m5.large",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["eks.amazonaws.com/capacityType"] = "ON_DEMAND",
                    ["eks.amazonaws.com/nodegroup"] = "piksel",
                    ["failure-domain.beta.kubernetes.io/region"] = region,
                    ["failure-domain.beta.kubernetes.io/zone"] = zone,
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/hostname"] = Name,
                    ["kubernetes.io/os"] = "linux",
                    ["node.kubernetes.io/instance-type"] = "m5.large",
                    ["topology.kubernetes.io/region"] = region,
                    ["topology.kubernetes.io/zone"] = zone,
                },
                ["annotations"] = new JsonObject
                {
                    ["alpha.kubernetes.io/provided-node-ip"] = InternalIp,
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            ["spec"] = new JsonObject { ["providerID"] = $"aws:///{zone}/i-0{seed[..16]}" },
            ["status"] = new JsonObject
            {
                ["capacity"] = Resources("2", "7910348Ki", "29"),
                ["allocatable"] = Resources("1930m", "7220172Ki", "29"),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = InternalIp },
                    new JsonObject { ["type"] = "InternalDNS", ["address"] = $"ip-10-0-0-10.{region}.compute.internal" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = Name }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = seed[..32],
                    ["systemUUID"] = $"ec2{seed[3..8]}-{seed[8..12]}-{seed[12..16]}-{seed[16..20]}-{seed[20..32]}",
                    ["bootID"] = $"{seed[32..40]}-{seed[40..44]}-{seed[44..48]}-{seed[48..52]}-{seed[52..64]}",
                    ["kernelVersion"] = "6.1.132-147.221.amzn2023.x86_64",
                    ["osImage"] = "Amazon Linux 2023.7.20250414",
                    ["containerRuntimeVersion"] = "containerd://1.7.27",
                    ["kubeletVersion"] = $"v{kubernetesVersion}.0-eks-piksel",
                    ["kubeProxyVersion"] = $"v{kubernetesVersion}.0-eks-piksel",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                },
            },
        };
    }

    private static JsonObject Resources(string cpu, string memory, string pods) => new()
    {
        ["cpu"] = cpu,
        ["ephemeral-storage"] = "20959212Ki",
        ["hugepages-1Gi"] = "0",
        ["hugepages-2Mi"] = "0",
        ["memory"] = memory,
        ["pods"] = pods,
    };
}
