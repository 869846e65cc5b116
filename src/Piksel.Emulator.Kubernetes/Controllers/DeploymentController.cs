using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The deployment controller without ReplicaSets or pods: every generation is at once fully rolled out, so the
/// status says observedGeneration, replicas = updated = ready = available = spec.replicas (default 1), Available
/// (MinimumReplicasAvailable) and Progressing (NewReplicaSetAvailable). That is what <c>kubectl rollout status</c>
/// and <c>kubectl wait --for=condition=Available</c> read.
/// </summary>
public sealed class DeploymentController(ControllerContext context) : ReconcileLoop(context)
{
    private static readonly string[] ReplicaCounts = ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"];

    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.Deployments];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        if (change.Type != WatchEvent.Deleted) enqueue(new ObjectKey(change.Object.Type, change.Object.Namespace, change.Object.Name));
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } deployment || deployment.IsDeleting()) return;
        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        await Client.UpdateStatusAsync(deployment, o =>
        {
            var replicas = o["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            var paused = o["spec"]?["paused"]?.GetValue<bool>() == true;
            var old = o["status"] as JsonObject;
            var status = new JsonObject { ["observedGeneration"] = o["metadata"]?["generation"]?.GetValue<long>() ?? 1 };
            // Counts of zero are left out, as Go's omitempty does.
            foreach (var field in ReplicaCounts)
                if (replicas > 0) status[field] = replicas;
            var progressing = paused
                ? WorkloadConditions.Make("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now)
                : WorkloadConditions.Make("Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{o["metadata"]!["name"]}-{TemplateHash(o)}\" has successfully progressed.", now);
            status["conditions"] = WorkloadConditions.Merge(old,
                WorkloadConditions.Make("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now), progressing);
            o["status"] = status;
        }, cancellationToken);
    }

    /// <summary>The pod-template-hash the ReplicaSet would be named with: FNV-32a of the template, in the API server's safe alphabet.</summary>
    private static string TemplateHash(JsonObject deployment)
    {
        var bytes = Encoding.UTF8.GetBytes(deployment["spec"]?["template"]?.ToJsonString() ?? "{}");
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return string.Concat(hash.ToString(CultureInfo.InvariantCulture).Select(c => SafeAlphabet[c % SafeAlphabet.Length]));
    }
}
