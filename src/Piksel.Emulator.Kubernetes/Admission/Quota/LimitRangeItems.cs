using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>One <c>spec.limits[]</c> item of a LimitRange, its quantities parsed (unparsable ones are left out: validation refuses them).</summary>
/// <param name="Type">Container, Pod or PersistentVolumeClaim.</param>
public sealed record LimitRangeItem(
    string Type,
    IReadOnlyDictionary<string, Quantity> Min,
    IReadOnlyDictionary<string, Quantity> Max,
    IReadOnlyDictionary<string, Quantity> Default,
    IReadOnlyDictionary<string, Quantity> DefaultRequest,
    IReadOnlyDictionary<string, Quantity> MaxLimitRequestRatio)
{
    /// <summary>The items of a LimitRange object.</summary>
    public static IReadOnlyList<LimitRangeItem> Of(JsonObject limitRange) =>
        [.. (limitRange["spec"]?["limits"] as JsonArray ?? []).OfType<JsonObject>().Select(From)];

    private static LimitRangeItem From(JsonObject item) => new(
        item["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : "",
        Map(item["min"]), Map(item["max"]), Map(item["default"]), Map(item["defaultRequest"]), Map(item["maxLimitRequestRatio"]));

    /// <summary>The parsed quantities of a resource list, in name order.</summary>
    public static SortedDictionary<string, Quantity> Map(JsonNode? node)
    {
        var map = new SortedDictionary<string, Quantity>(StringComparer.Ordinal);
        if (node is not JsonObject o) return map;
        foreach (var (name, value) in o)
            if (Quantity.TryRead(value, out var q)) map[name] = q;
        return map;
    }
}
