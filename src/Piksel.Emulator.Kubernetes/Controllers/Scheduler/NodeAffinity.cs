using System.Globalization;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>
/// The NodeAffinity filter (component-helpers/scheduling/corev1/nodeaffinity): spec.nodeSelector (every label equal)
/// and requiredDuringSchedulingIgnoredDuringExecution (any term matches; within a term every matchExpression over
/// labels and every matchField over <c>metadata.name</c>; a term with neither matches nothing).
/// </summary>
public static class NodeAffinity
{
    /// <summary>True when a node named <paramref name="nodeName"/> with <paramref name="labels"/> suits the pod's selector and required affinity.</summary>
    public static bool Matches(JsonObject pod, string nodeName, IReadOnlyDictionary<string, string> labels)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        foreach (var (key, value) in spec["nodeSelector"] as JsonObject ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != Text(value)) return false;
        }
        if (spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] is not JsonArray terms) return true;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["metadata.name"] = nodeName };
        return terms.OfType<JsonObject>().Any(term =>
        {
            var expressions = (term["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var matchFields = (term["matchFields"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (expressions.Count == 0 && matchFields.Count == 0) return false;
            return expressions.All(e => Requirement(e, labels)) && matchFields.All(f => Requirement(f, fields));
        });
    }

    /// <summary>One node selector requirement; Gt and Lt compare a single integer value.</summary>
    private static bool Requirement(JsonObject requirement, IReadOnlyDictionary<string, string> values)
    {
        var key = Text(requirement["key"]);
        var wanted = (requirement["values"] as JsonArray ?? []).Select(Text).ToList();
        var present = values.TryGetValue(key, out var actual);
        return Text(requirement["operator"]) switch
        {
            "In" => present && wanted.Contains(actual!),
            "NotIn" => !present || !wanted.Contains(actual!),
            "Exists" => present,
            "DoesNotExist" => !present,
            "Gt" => present && Compare(actual!, wanted) is > 0,
            "Lt" => present && Compare(actual!, wanted) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string actual, List<string> wanted)
    {
        if (wanted.Count != 1) return null;
        if (!long.TryParse(actual, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)) return null;
        if (!long.TryParse(wanted[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var b)) return null;
        return a.CompareTo(b);
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
