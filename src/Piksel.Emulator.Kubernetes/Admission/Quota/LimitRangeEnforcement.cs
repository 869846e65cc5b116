using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The validating half of <c>LimitRanger</c>: a created Pod's containers (Container items) and its totals (Pod items),
/// and a created or updated PersistentVolumeClaim's <c>requests.storage</c>, must lie within min, max and
/// maxLimitRequestRatio of every LimitRange in the namespace. Refused with 403: one error as it is, several as
/// <c>[a, b]</c> (utilerrors.NewAggregate).
/// </summary>
public sealed class LimitRangeEnforcement(ObjectStore store) : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Mutating => false;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Subresource is not null) return ValueTask.CompletedTask;
        var isPod = request.Type == BuiltInResources.Pods && request.Operation == AdmissionOperation.Create;
        var isClaim = request.Type == BuiltInResources.PersistentVolumeClaims && request.Operation is AdmissionOperation.Create or AdmissionOperation.Update;
        if (!isPod && !isClaim) return ValueTask.CompletedTask;
        var ranges = store.List(BuiltInResources.LimitRanges, request.Namespace).Items;
        if (ranges.Count == 0) return ValueTask.CompletedTask;
        var items = ranges.OrderBy(l => l.Name, StringComparer.Ordinal).SelectMany(l => LimitRangeItem.Of(l.View)).ToList();
        var errors = isPod ? CheckPod(request.Object, items) : CheckClaim(request.Object, items);
        if (errors.Count == 0) return ValueTask.CompletedTask;
        var message = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
        throw new StatusException(HttpStatusCode.Forbidden, "Forbidden", $"{request.Type.GroupResource} \"{request.Name}\" is forbidden: {message}",
            new JsonObject { ["name"] = request.Name, ["kind"] = request.Type.Plural });
    }

    /// <summary>The violations of <paramref name="pod"/> against <paramref name="items"/> (PodValidateLimitFunc).</summary>
    public static List<string> CheckPod(JsonObject pod, IReadOnlyList<LimitRangeItem> items)
    {
        var errors = new List<string>();
        foreach (var item in items)
        {
            if (item.Type == "Container")
            {
                var ordered = PodResources.Containers(pod).OrderBy(c => c.Init ? 1 : 0).Select(c => c.Container);
                foreach (var container in ordered)
                    Check(item, "Container", PodResources.EffectiveRequests(container), PodResources.Read(container, "limits"), errors);
            }
            else if (item.Type == "Pod")
            {
                Check(item, "Pod", PodResources.Total(pod, "requests"), PodResources.Total(pod, "limits"), errors);
            }
        }
        return errors;
    }

    /// <summary>The violations of a PersistentVolumeClaim (PersistentVolumeClaimValidateLimitFunc): min, and max against the request.</summary>
    public static List<string> CheckClaim(JsonObject claim, IReadOnlyList<LimitRangeItem> items)
    {
        var errors = new List<string>();
        var requests = LimitRangeItem.Map(claim["spec"]?["resources"]?["requests"]);
        foreach (var item in items.Where(i => i.Type == "PersistentVolumeClaim"))
        {
            foreach (var (k, min) in item.Min) AddIf(errors, Min("PersistentVolumeClaim", k, min, requests, new Dictionary<string, Quantity>()));
            foreach (var (k, max) in item.Max)
            {
                if (!requests.TryGetValue(k, out var request)) errors.Add($"maximum {k} usage per PersistentVolumeClaim is {max}.  No request is specified");
                else if (request > max) errors.Add($"maximum {k} usage per PersistentVolumeClaim is {max}, but request is {request}");
            }
        }
        return errors;
    }

    private static void Check(LimitRangeItem item, string kind, IReadOnlyDictionary<string, Quantity> requests, IReadOnlyDictionary<string, Quantity> limits, List<string> errors)
    {
        foreach (var (k, min) in item.Min) AddIf(errors, Min(kind, k, min, requests, limits));
        foreach (var (k, max) in item.Max) AddIf(errors, Max(kind, k, max, requests, limits));
        foreach (var (k, ratio) in item.MaxLimitRequestRatio) AddIf(errors, Ratio(kind, k, ratio, requests, limits));
    }

    private static void AddIf(List<string> errors, string? error)
    {
        if (error is not null) errors.Add(error);
    }

    private static string? Min(string kind, string name, Quantity min, IReadOnlyDictionary<string, Quantity> requests, IReadOnlyDictionary<string, Quantity> limits)
    {
        if (!requests.TryGetValue(name, out var request)) return $"minimum {name} usage per {kind} is {min}.  No request is specified";
        if (request < min) return $"minimum {name} usage per {kind} is {min}, but request is {request}";
        if (limits.TryGetValue(name, out var limit) && limit < min) return $"minimum {name} usage per {kind} is {min}, but limit is {limit}";
        return null;
    }

    private static string? Max(string kind, string name, Quantity max, IReadOnlyDictionary<string, Quantity> requests, IReadOnlyDictionary<string, Quantity> limits)
    {
        if (!limits.TryGetValue(name, out var limit)) return $"maximum {name} usage per {kind} is {max}.  No limit is specified";
        if (limit > max) return $"maximum {name} usage per {kind} is {max}, but limit is {limit}";
        if (requests.TryGetValue(name, out var request) && request > max) return $"maximum {name} usage per {kind} is {max}, but request is {request}";
        return null;
    }

    private static string? Ratio(string kind, string name, Quantity ratio, IReadOnlyDictionary<string, Quantity> requests, IReadOnlyDictionary<string, Quantity> limits)
    {
        if (!requests.TryGetValue(name, out var request) || request.Value == 0)
            return $"{name} max limit to request ratio per {kind} is {ratio}, but no request is specified or request is 0";
        if (!limits.TryGetValue(name, out var limit) || limit.Value == 0)
            return $"{name} max limit to request ratio per {kind} is {ratio}, but no limit is specified or limit is 0";
        var observed = limit.Value / request.Value;
        if (observed <= ratio.Value) return null;
        return $"{name} max limit to request ratio per {kind} is {ratio}, but provided ratio is {((double)observed).ToString("F6", CultureInfo.InvariantCulture)}";
    }
}
