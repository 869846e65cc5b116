using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// What a pod asks for, read from its spec as the quota evaluator and QoS helper read it: each container's requests and
/// limits (a limit alone implies an equal request), and the pod's effective total — the larger of the sum over
/// containers and the largest init container, plus <c>spec.overhead</c> (pkg/api/v1/resource PodRequests/PodLimits).
/// </summary>
public static class PodResources
{
    private static readonly string[] QosResources = ["cpu", "memory"];

    /// <summary>The regular and init containers of <paramref name="pod"/>.</summary>
    public static IEnumerable<(JsonObject Container, bool Init)> Containers(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject;
        foreach (var c in (spec?["initContainers"] as JsonArray ?? []).OfType<JsonObject>()) yield return (c, true);
        foreach (var c in (spec?["containers"] as JsonArray ?? []).OfType<JsonObject>()) yield return (c, false);
    }

    /// <summary>The quantities in <c>resources.&lt;kind&gt;</c> of a container (kind <c>requests</c> or <c>limits</c>); unparsable values are skipped (validation reports them).</summary>
    public static Dictionary<string, Quantity> Read(JsonObject container, string kind)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (container["resources"]?[kind] is not JsonObject map) return result;
        foreach (var (name, value) in map)
            if (Quantity.TryRead(value, out var q)) result[name] = q;
        return result;
    }

    /// <summary>A container's requests with its limits standing in for the requests it does not set.</summary>
    public static Dictionary<string, Quantity> EffectiveRequests(JsonObject container)
    {
        var requests = Read(container, "requests");
        foreach (var (name, limit) in Read(container, "limits")) requests.TryAdd(name, limit);
        return requests;
    }

    /// <summary>The pod's requests (<paramref name="kind"/> <c>requests</c>) or limits (<c>limits</c>).</summary>
    public static Dictionary<string, Quantity> Total(JsonObject pod, string kind)
    {
        var sum = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var initMax = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (container, init) in Containers(pod))
        {
            var values = kind == "requests" ? EffectiveRequests(container) : Read(container, "limits");
            foreach (var (name, q) in values)
            {
                if (init)
                {
                    if (!initMax.TryGetValue(name, out var max) || q > max) initMax[name] = q;
                }
                else
                {
                    sum[name] = sum.TryGetValue(name, out var s) ? s.Add(q) : q;
                }
            }
        }
        foreach (var (name, q) in initMax)
            if (!sum.TryGetValue(name, out var s) || q > s) sum[name] = q;
        if (pod["spec"]?["overhead"] is JsonObject overhead)
        {
            foreach (var (name, value) in overhead)
                if (Quantity.TryRead(value, out var q) && sum.TryGetValue(name, out var s)) sum[name] = s.Add(q);
        }
        return sum;
    }

    /// <summary>
    /// The pod's QoS class (pkg/apis/core/helper/qos GetPodQOS), from cpu and memory only: BestEffort when no container
    /// sets either, Guaranteed when every container limits both and requests (explicit or implied by the limit) equal
    /// the limits, else Burstable.
    /// </summary>
    public static string QosClass(JsonObject pod)
    {
        var any = false;
        var guaranteed = true;
        foreach (var (container, _) in Containers(pod))
        {
            var requests = Read(container, "requests");
            var limits = Read(container, "limits");
            foreach (var r in QosResources)
            {
                var hasRequest = requests.TryGetValue(r, out var request) && request.Value != 0;
                var hasLimit = limits.TryGetValue(r, out var limit) && limit.Value != 0;
                if (hasRequest || hasLimit) any = true;
                if (!hasLimit || (hasRequest && !request.SameValue(limit))) guaranteed = false;
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
