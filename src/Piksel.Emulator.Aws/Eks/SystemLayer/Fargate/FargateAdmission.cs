using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>
/// EKS's Fargate admission webhook: a new pod whose namespace and labels match an ACTIVE Fargate profile is handed to
/// the Fargate scheduler (<c>schedulerName: fargate-scheduler</c>), labelled with its profile and annotated with the
/// size Fargate gives it (<c>CapacityProvisioned</c>). DaemonSet pods, pods already bound or asking for another
/// scheduler, and pods annotated <c>eks.amazonaws.com/compute-type: ec2</c> are left alone; a pod that matches no profile
/// then stays with the default scheduler.
/// </summary>
public sealed class FargateAdmission(Func<ClusterSystemSpec> spec) : IAdmissionPlugin
{
    /// <summary>The scheduler Fargate pods ask for.</summary>
    public const string SchedulerName = "fargate-scheduler";

    /// <summary>The label naming the profile that took a pod.</summary>
    public const string ProfileLabel = "eks.amazonaws.com/fargate-profile";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Type != BuiltInResources.Pods || request.Subresource is not null)
            return ValueTask.CompletedTask;
        var pod = request.Object;
        if (pod["spec"] is not JsonObject podSpec || !Eligible(pod, podSpec)) return ValueTask.CompletedTask;
        var labels = StringMap(pod["metadata"]?["labels"]);
        if (FargateProfileMatcher.Match(spec().FargateProfiles, request.Namespace, labels) is not { } profile) return ValueTask.CompletedTask;
        podSpec["schedulerName"] = SchedulerName;
        var metadata = pod["metadata"] as JsonObject ?? (JsonObject)(pod["metadata"] = new JsonObject());
        var podLabels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject());
        podLabels[ProfileLabel] = profile.Name;
        if (FargateCapacity.For(pod) is { } capacity)
        {
            var annotations = metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
            annotations[FargateCapacity.Annotation] = capacity.ToString();
        }
        return ValueTask.CompletedTask;
    }

    private static bool Eligible(JsonObject pod, JsonObject podSpec)
    {
        // DaemonSet pods never run on Fargate: one node per pod leaves nothing for a daemon to serve.
        if ((pod["metadata"]?["ownerReferences"] as JsonArray)?.Any(o => o?["kind"]?.GetValue<string>() == "DaemonSet") == true) return false;
        if (podSpec["nodeName"]?.GetValue<string>() is { Length: > 0 }) return false;
        if (podSpec["schedulerName"]?.GetValue<string>() is { Length: > 0 } scheduler && scheduler != "default-scheduler") return false;
        return pod["metadata"]?["annotations"]?[Addons.Manifests.ComputeTypeLabel]?.GetValue<string>() != "ec2";
    }

    private static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
                if (value is JsonValue v && v.TryGetValue<string>(out var s)) map[key] = s;
        }
        return map;
    }
}
