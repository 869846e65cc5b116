using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// The NodeClaim Karpenter writes for a planned claim, and the Node its instance registers: the labels Karpenter passes
/// to the kubelet (pool, capacity type, instance type and its <c>karpenter.k8s.aws/instance-*</c> facts, zone, region),
/// the pool's taints, capacity and allocatable from the instance type (GPUs as <c>nvidia.com/gpu</c>).
/// </summary>
public static class NodeObjects
{
    /// <summary>The NodeClaim for <paramref name="claim"/>, owned by its NodePool (uid <paramref name="poolUid"/>).</summary>
    public static JsonObject NodeClaim(PlannedClaim claim, string poolUid)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var pool = claim.Pool;
        var type = claim.InstanceType;
        var requirements = new JsonArray(
            Requirement("karpenter.sh/nodepool", pool.Name),
            Requirement("node.kubernetes.io/instance-type", [.. claim.Candidates.Select(t => t.Name)]),
            Requirement("karpenter.sh/capacity-type", claim.CapacityType));
        var requests = new JsonObject();
        foreach (var (name, value) in claim.Requests) requests[name] = ProvisioningPlanner.Quantity(name, value);
        var spec = new JsonObject
        {
            ["nodeClassRef"] = new JsonObject { ["group"] = "karpenter.k8s.aws", ["kind"] = "EC2NodeClass", ["name"] = pool.NodeClassName },
            ["requirements"] = requirements,
            ["resources"] = new JsonObject { ["requests"] = requests },
        };
        if (pool.Taints.Count > 0) spec["taints"] = Taints(claim);
        return new JsonObject
        {
            ["apiVersion"] = "karpenter.sh/v1",
            ["kind"] = "NodeClaim",
            ["metadata"] = new JsonObject
            {
                ["generateName"] = pool.Name + "-",
                ["labels"] = Labels(pool.NodeLabels(type, claim.CapacityType)),
                ["finalizers"] = new JsonArray(KarpenterKinds.TerminationFinalizer),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "karpenter.sh/v1",
                    ["kind"] = "NodePool",
                    ["name"] = pool.Name,
                    ["uid"] = poolUid,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>The Node the instance registers as, at <paramref name="now"/>, in <paramref name="region"/>.</summary>
    public static JsonObject Node(PlannedClaim claim, string claimName, LaunchedInstance instance, string region, string kubernetesVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(instance);
        var type = claim.InstanceType;
        var labels = claim.Pool.NodeLabels(type, claim.CapacityType);
        labels["topology.kubernetes.io/zone"] = instance.Zone;
        // The EBS CSI node plugin labels its node with the driver's own zone key, which older volumes' affinity names.
        labels[Volumes.EbsCsiController.ZoneKey] = instance.Zone;
        labels["topology.kubernetes.io/region"] = region;
        labels["kubernetes.io/hostname"] = instance.PrivateDnsName;
        labels["karpenter.sh/registered"] = "true";
        labels["karpenter.sh/initialized"] = "true";
        var time = Meta.Timestamp(now);
        JsonObject Condition(string kind, string status, string reason) => new()
        {
            ["type"] = kind,
            ["status"] = status,
            ["reason"] = reason,
            ["lastHeartbeatTime"] = time,
            ["lastTransitionTime"] = time,
        };
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = instance.PrivateDnsName,
                ["labels"] = Labels(labels),
                ["annotations"] = new JsonObject { ["karpenter.sh/nodeclaim"] = claimName, ["alpha.kubernetes.io/provided-node-ip"] = instance.PrivateIp },
                ["finalizers"] = new JsonArray(KarpenterKinds.TerminationFinalizer),
            },
            ["spec"] = new JsonObject { ["providerID"] = ProviderId(instance) },
            ["status"] = new JsonObject
            {
                ["capacity"] = Resources(type.Capacity),
                ["allocatable"] = Resources(type.Allocatable),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID"),
                    Condition("Ready", "True", "KubeletReady")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = instance.PrivateIp },
                    new JsonObject { ["type"] = "InternalDNS", ["address"] = instance.PrivateDnsName },
                    new JsonObject { ["type"] = "Hostname", ["address"] = instance.PrivateDnsName }),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = $"v{kubernetesVersion}.0-eks-piksel",
                    ["osImage"] = "Amazon Linux 2023",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                    ["containerRuntimeVersion"] = "containerd://1.7.27",
                },
            },
        };
        if (claim.Pool.Taints.Count > 0) node["spec"]!["taints"] = Taints(claim);
        return node;
    }

    /// <summary><c>aws:///&lt;zone&gt;/&lt;instance id&gt;</c>.</summary>
    public static string ProviderId(LaunchedInstance instance) => $"aws:///{instance.Zone}/{instance.InstanceId}";

    /// <summary>The instance id of a provider id, or null.</summary>
    public static string? InstanceIdOf(string? providerId) =>
        providerId is { Length: > 0 } && providerId.StartsWith("aws:///", StringComparison.Ordinal) ? providerId[(providerId.LastIndexOf('/') + 1)..] : null;

    /// <summary>A resource map in canonical quantities.</summary>
    public static JsonObject Resources(IReadOnlyDictionary<string, decimal> resources)
    {
        var json = new JsonObject();
        foreach (var (name, value) in resources.OrderBy(r => r.Key, StringComparer.Ordinal)) json[name] = ProvisioningPlanner.Quantity(name, value);
        return json;
    }

    private static JsonArray Taints(PlannedClaim claim) =>
        [.. claim.Pool.Taints.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value, ["effect"] = t.Effect })];

    private static JsonObject Requirement(string key, params string[] values) =>
        new() { ["key"] = key, ["operator"] = "In", ["values"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]) };

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels)
    {
        var json = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) json[key] = value;
        return json;
    }
}
