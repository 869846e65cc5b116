using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;
using static Piksel.Emulator.Kubernetes.Controllers.Volumes.PodVolumes;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>
/// kube-scheduler's VolumeBinding plugin, for the claims a pod names: PreFilter refuses a pod whose claim is missing, being
/// deleted, or unbound in a class that binds at once (all with upstream's messages); Filter keeps a pod off nodes its
/// bound volumes' node affinity excludes; PreBind writes the chosen node onto each unbound claim of a
/// WaitForFirstConsumer class (<c>volume.kubernetes.io/selected-node</c>), which is what lets its provisioner start.
/// </summary>
public sealed class VolumeBinding
{
    /// <summary>The Filter reason for a node a bound volume's node affinity excludes.</summary>
    public const string NodeConflict = "node(s) had volume node affinity conflict";

    private readonly List<JsonObject> affinities = [];
    private readonly List<StoredObject> delayed = [];

    private VolumeBinding()
    {
    }

    /// <summary>Why the pod cannot be placed anywhere (PreFilter's message), or null.</summary>
    public string? PreFilterMessage { get; private init; }

    /// <summary>Reads the pod's claims and their volumes.</summary>
    public static VolumeBinding For(IControllerClient client, JsonObject pod, string ns)
    {
        var binding = new VolumeBinding();
        foreach (var claimVolume in ClaimsOf(pod))
        {
            if (client.Get(BuiltInResources.PersistentVolumeClaims, ns, claimVolume.ClaimName) is not { } claim)
                return new VolumeBinding { PreFilterMessage = $"persistentvolumeclaim \"{claimVolume.ClaimName}\" not found" };
            if (claim.IsDeleting())
                return new VolumeBinding { PreFilterMessage = $"persistentvolumeclaim \"{claimVolume.ClaimName}\" is being deleted" };
            if (VolumeNameOf(claim) is { Length: > 0 } volumeName)
            {
                if (client.Get(BuiltInResources.PersistentVolumes, "", volumeName)?.View["spec"]?["nodeAffinity"]?["required"] is JsonObject required)
                    binding.affinities.Add(required);
                continue;
            }
            if (!WaitsForFirstConsumer(client, claim)) return new VolumeBinding { PreFilterMessage = "pod has unbound immediate PersistentVolumeClaims" };
            binding.delayed.Add(claim);
        }
        return binding;
    }

    /// <summary>Null when the pod's bound volumes may be used on <paramref name="node"/>; otherwise the conflict.</summary>
    public NodeVerdict? Check(NodeState node)
    {
        foreach (var required in affinities)
        {
            var asPod = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["affinity"] = new JsonObject { ["nodeAffinity"] = new JsonObject { ["requiredDuringSchedulingIgnoredDuringExecution"] = required.DeepClone() } },
                },
            };
            if (!NodeAffinity.Matches(asPod, node.Name, node.Labels)) return new NodeVerdict([NodeConflict], false);
        }
        return null;
    }

    /// <summary>Writes the chosen node onto the pod's unbound WaitForFirstConsumer claims (as the scheduler, before binding the pod).</summary>
    public async Task PreBindAsync(IControllerClient client, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var claim in delayed)
        {
            if (claim.Annotations.GetValueOrDefault(SelectedNode) == nodeName) continue;
            await client.UpdateAsync(claim, o => AnnotationsOf(o)[SelectedNode] = nodeName, cancellationToken: cancellationToken);
        }
    }
}
