using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers.Volumes;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Kubernetes.Controllers.Kubelet;

/// <summary>
/// The kubelet's volume manager, for claims: a pod's containers start only once each claim it names is bound and, for a
/// CSI volume that needs attaching, its VolumeAttachment on this node reports attached. Until then the pod is Pending
/// with its containers waiting in ContainerCreating.
/// </summary>
public static class VolumeWait
{
    /// <summary>The names (in the pod) of the claim volumes not yet ready on <paramref name="nodeName"/>.</summary>
    public static IReadOnlyList<string> Unready(IControllerClient client, JsonObject pod, string ns, string nodeName)
    {
        var unready = new List<string>();
        foreach (var claimVolume in ClaimsOf(pod))
        {
            if (!Ready(client, ns, claimVolume.ClaimName, nodeName)) unready.Add(claimVolume.VolumeName);
        }
        return unready;
    }

    private static bool Ready(IControllerClient client, string ns, string claimName, string nodeName)
    {
        if (client.Get(BuiltInResources.PersistentVolumeClaims, ns, claimName) is not { } claim || PhaseOf(claim) != "Bound") return false;
        if (client.Get(BuiltInResources.PersistentVolumes, "", VolumeNameOf(claim)) is not { } volume) return false;
        if (CsiSourceOf(volume) is not var (driver, handle)) return true;
        if (client.Get(BuiltInResources.CsiDrivers, "", driver)?.View["spec"]?["attachRequired"] is JsonValue v && v.TryGetValue<bool>(out var required) && !required) return true;
        var attachment = client.Get(BuiltInResources.VolumeAttachments, "", AttachmentName(handle, driver, nodeName));
        return attachment?.View["status"]?["attached"] is JsonValue a && a.TryGetValue<bool>(out var attached) && attached;
    }

    /// <summary>Pending on <paramref name="hostIp"/>'s node: scheduled and initialized, containers waiting in ContainerCreating.</summary>
    public static JsonObject Creating(JsonObject pod, string hostIp, string now)
    {
        static JsonObject NotYet(string type, string now, string? reason) => new()
        {
            ["type"] = type,
            ["status"] = "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
        };
        var scheduled = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "PodScheduled")?.DeepClone()
            ?? PodReports.Condition("PodScheduled", now);
        var waiting = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new JsonObject
        {
            ["name"] = c["name"]?.DeepClone(),
            ["image"] = c["image"]?.DeepClone(),
            ["imageID"] = "",
            ["ready"] = false,
            ["started"] = false,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
            ["lastState"] = new JsonObject(),
        });
        return new JsonObject
        {
            ["phase"] = "Pending",
            ["conditions"] = new JsonArray(
                NotYet("PodReadyToStartContainers", now, null), PodReports.Condition("Initialized", now),
                NotYet("Ready", now, "ContainersNotReady"), NotYet("ContainersReady", now, "ContainersNotReady"), scheduled),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["startTime"] = now,
            ["containerStatuses"] = new JsonArray([.. waiting]),
            ["qosClass"] = PodReports.QosClass(pod),
        };
    }
}
