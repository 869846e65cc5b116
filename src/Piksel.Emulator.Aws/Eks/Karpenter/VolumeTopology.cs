using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// The zones a pending pod's volumes allow its new node (Karpenter's <c>scheduling/volumetopology.go</c>, for zones):
/// a claim bound to a volume whose node affinity names zones (an EBS volume lives in one) pins the pod to them, so
/// the node is launched there. An unbound claim of a WaitForFirstConsumer class constrains nothing: its volume is
/// made in the zone of whatever node the pod lands on.
/// </summary>
internal static class VolumeTopology
{
    /// <summary>The zone labels a volume's node affinity may name: the well-known one and the EBS CSI driver's own.</summary>
    private static readonly string[] ZoneKeys = ["topology.kubernetes.io/zone", "topology.ebs.csi.aws.com/zone"];

    /// <summary>The zones every bound volume of <paramref name="pod"/> allows, or null when none constrains it.</summary>
    public static IReadOnlySet<string>? ZonesOf(IControllerClient client, StoredObject pod)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pod);
        HashSet<string>? zones = null;
        foreach (var claimVolume in ClaimsOf(pod.View))
        {
            if (client.Get(BuiltInResources.PersistentVolumeClaims, pod.Namespace, claimVolume.ClaimName) is not { } claim) continue;
            if (VolumeNameOf(claim) is not { Length: > 0 } volumeName) continue;
            var terms = client.Get(BuiltInResources.PersistentVolumes, "", volumeName)?.View["spec"]?["nodeAffinity"]?["required"]?["nodeSelectorTerms"] as JsonArray ?? [];
            // Terms are ORed: the volume allows the union of the zones its terms name (a term naming none allows any).
            var allowed = new HashSet<string>(StringComparer.Ordinal);
            var unconstrained = terms.Count == 0;
            foreach (var term in terms.OfType<JsonObject>())
            {
                var named = (term["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(e => ZoneKeys.Contains(e["key"]?.GetValue<string>()) && e["operator"]?.GetValue<string>() == "In")
                    .Select(e => (e["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal))
                    .Aggregate((HashSet<string>?)null, (acc, values) => acc is null ? values : [.. acc.Intersect(values)]);
                if (named is null) unconstrained = true;
                else allowed.UnionWith(named);
            }
            if (unconstrained) continue;
            zones = zones is null ? allowed : [.. zones.Intersect(allowed)];
        }
        return zones;
    }

    /// <summary>A key grouping pods by the zones they allow ("" for any), so one claim serves only pods that agree.</summary>
    public static string Key(IReadOnlySet<string>? zones) => zones is null ? "" : "zones:" + string.Join(',', zones.Order(StringComparer.Ordinal));
}
