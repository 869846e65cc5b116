using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// What the API server fills in on a LimitRange it stores (SetDefaults_LimitRangeItem): for a Container item,
/// <c>default</c> takes <c>max</c> where unset, then <c>defaultRequest</c> takes <c>default</c>, else <c>min</c>.
/// </summary>
public static class LimitRangeDefaults
{
    /// <summary>Fills the defaults of every Container item of <paramref name="limitRange"/> in place.</summary>
    public static void Apply(JsonObject limitRange)
    {
        foreach (var item in (limitRange["spec"]?["limits"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (item["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || item["type"]!.GetValue<string>() != "Container") continue;
            Fill(item, "default", item["max"]);
            Fill(item, "defaultRequest", item["default"]);
            Fill(item, "defaultRequest", item["min"]);
        }
    }

    private static void Fill(JsonObject item, string field, JsonNode? from)
    {
        if (from is not JsonObject source || source.Count == 0) return;
        var target = item[field] as JsonObject;
        foreach (var (name, value) in source)
        {
            if (target?.ContainsKey(name) == true) continue;
            target ??= (JsonObject)(item[field] = new JsonObject());
            target[name] = value?.DeepClone();
        }
    }
}
