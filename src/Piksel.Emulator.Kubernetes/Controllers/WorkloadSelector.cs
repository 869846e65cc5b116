using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>A workload's <c>spec.selector</c> (metav1.LabelSelector: matchLabels and matchExpressions) as a predicate on labels.</summary>
public static class WorkloadSelector
{
    /// <summary>
    /// True when <paramref name="labels"/> satisfy <paramref name="selector"/>. An absent or empty selector matches
    /// nothing, as LabelSelectorAsSelector makes it for a workload's pods.
    /// </summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject s) return false;
        var matchLabels = s["matchLabels"] as JsonObject ?? [];
        var expressions = (s["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0) return false;
        foreach (var (key, value) in matchLabels)
            if (!labels.TryGetValue(key, out var v) || v != value?.GetValue<string>()) return false;
        foreach (var e in expressions)
        {
            var key = e["key"]?.GetValue<string>() ?? "";
            var values = (e["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToHashSet();
            var has = labels.TryGetValue(key, out var actual);
            var ok = e["operator"]?.GetValue<string>() switch
            {
                "In" => has && values.Contains(actual),
                "NotIn" => !has || !values.Contains(actual),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
