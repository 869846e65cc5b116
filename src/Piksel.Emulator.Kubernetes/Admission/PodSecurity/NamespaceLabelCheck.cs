using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// PodSecurity on Namespace writes (admission.go ValidateNamespace): invalid Pod Security labels are refused with 422
/// (on create; on update when they changed); a changed, non-privileged enforce level warns
/// <c>existing pods in namespace "x" violate the new PodSecurity enforce level "restricted:latest"</c> followed by one
/// warning per distinct set of failed reasons, naming the first pod by name and how many others share it.
/// </summary>
internal sealed class NamespaceLabelCheck(ServerContext context, PodSecurityOptions options, PodSecurityEvaluator evaluator)
{
    /// <summary>At most this many pods are evaluated, as the real admission bounds its work (podLimit 3000).</summary>
    private const int PodLimit = 3000;

    public void Admit(AdmissionRequest request)
    {
        var labels = request.Object["metadata"]?["labels"] as JsonObject;
        var (policy, errors) = PodSecurityPolicy.FromLabels(labels, options.Defaults);
        if (request.Operation == AdmissionOperation.Create || request.OldObject is not { } old)
        {
            if (errors.Count > 0) throw Invalid(request.Name, errors);
            return;
        }
        var oldLabels = old["metadata"]?["labels"] as JsonObject;
        var (oldPolicy, _) = PodSecurityPolicy.FromLabels(oldLabels, options.Defaults);
        if (errors.Count > 0)
        {
            if (PodSecurityLabels(labels).SequenceEqual(PodSecurityLabels(oldLabels))) return;
            throw Invalid(request.Name, errors);
        }
        if (policy.Enforce == oldPolicy.Enforce || policy.Enforce.Level == PodSecurityLevel.Privileged) return;
        if (options.ExemptNamespaces.Contains(request.Name, StringComparer.Ordinal))
        {
            request.Warn($"namespace \"{request.Name}\" is exempt from Pod Security, and the policy ({policy.Enforce}) will be ignored");
            return;
        }
        WarnAboutExistingPods(request, policy.Enforce);
    }

    private void WarnAboutExistingPods(AdmissionRequest request, LevelVersion enforce)
    {
        var byReasons = new Dictionary<string, (string FirstPod, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var stored in context.Store.List(BuiltInResources.Pods, request.Name).Items.Take(PodLimit))
        {
            var pod = stored.View;
            var view = new PodView(pod["metadata"] as JsonObject, pod["spec"] as JsonObject);
            if (PodView.Text(view.Spec["runtimeClassName"]) is { Length: > 0 } rc && options.ExemptRuntimeClasses.Contains(rc, StringComparer.Ordinal)) continue;
            var failed = evaluator.Evaluate(enforce, view);
            if (failed.Count == 0) continue;
            var reasons = string.Join(", ", failed.Select(f => f.Reason));
            if (byReasons.TryGetValue(reasons, out var seen))
            {
                byReasons[reasons] = (string.CompareOrdinal(stored.Name, seen.FirstPod) < 0 ? stored.Name : seen.FirstPod, seen.Count + 1);
            }
            else
            {
                order.Add(reasons);
                byReasons[reasons] = (stored.Name, 1);
            }
        }
        if (order.Count == 0) return;
        request.Warn($"existing pods in namespace \"{request.Name}\" violate the new PodSecurity enforce level \"{enforce}\"");
        foreach (var reasons in order)
        {
            var (first, count) = byReasons[reasons];
            request.Warn(count == 1 ? $"{first}: {reasons}" : $"{first} (and {count - 1} other pods): {reasons}");
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> PodSecurityLabels(JsonObject? labels) =>
        (labels ?? []).Where(kv => kv.Key.StartsWith(PodSecurityPolicy.LabelPrefix, StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, PodView.Text(kv.Value)));

    /// <summary>invalidResponse: <c>namespaces "x" is invalid: metadata.labels[…]: Invalid value: "v": must be …</c> (several in [ ]).</summary>
    private static StatusException Invalid(string name, List<(string Field, string Value, string Message)> errors)
    {
        var each = errors.Select(e => $"{e.Field}: Invalid value: {CheckText.Quote(e.Value)}: {e.Message}").ToList();
        var text = each.Count == 1 ? each[0] : $"[{string.Join(", ", each)}]";
        var details = new JsonObject
        {
            ["name"] = name,
            ["kind"] = "namespaces",
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: {CheckText.Quote(e.Value)}: {e.Message}", ["field"] = e.Field })]),
        };
        return new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $"namespaces \"{name}\" is invalid: {text}", details);
    }
}
