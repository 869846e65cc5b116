using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>The deployment controller's arithmetic (pkg/controller/deployment/util): surge and unavailability, and the template hash.</summary>
public static class RolloutMath
{
    /// <summary>The label a Deployment adds to its ReplicaSets and their pods.</summary>
    public const string HashLabel = "pod-template-hash";

    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>
    /// maxSurge and maxUnavailable resolved against <paramref name="replicas"/> (ResolveFenceposts): percentages round up
    /// for surge and down for unavailability, defaults 25%; both zero makes maxUnavailable 1.
    /// </summary>
    public static (int Surge, int Unavailable) Fenceposts(JsonObject deployment, int replicas)
    {
        var rolling = deployment["spec"]?["strategy"]?["rollingUpdate"];
        var surge = Resolve(rolling?["maxSurge"], replicas, roundUp: true);
        var unavailable = Resolve(rolling?["maxUnavailable"], replicas, roundUp: false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    private static int Resolve(JsonNode? value, int replicas, bool roundUp)
    {
        if (value is null) value = "25%";
        if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number) return value.GetValue<int>();
        var text = value.GetValue<string>();
        if (!text.EndsWith('%') || !int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var percent))
            return int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var exact = percent * (long)replicas;
        return (int)(roundUp ? (exact + 99) / 100 : exact / 100);
    }

    /// <summary>The pod-template-hash: FNV-32a of the template (and the collision count), in the API server's safe alphabet.</summary>
    public static string TemplateHash(JsonNode? template, long collisionCount = 0)
    {
        var text = (Semantic(template)?.ToJsonString() ?? "{}") + (collisionCount > 0 ? collisionCount.ToString(CultureInfo.InvariantCulture) : "");
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return string.Concat(hash.ToString(CultureInfo.InvariantCulture).Select(c => SafeAlphabet[c % SafeAlphabet.Length]));
    }

    /// <summary>True when two pod templates are equal once the pod-template-hash label is ignored (EqualIgnoreHash).</summary>
    public static bool EqualIgnoringHash(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Semantic(WithoutHash(a)), Semantic(WithoutHash(b)));

    /// <summary>
    /// A copy without nulls, empty objects and empty arrays: what a Go client writes for zero values
    /// (<c>resources: {}</c>, <c>creationTimestamp: null</c> in a template kubectl patches back on undo) decodes to the same
    /// typed object as their absence, and the real controller compares typed objects.
    /// </summary>
    public static JsonNode? Semantic(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                    if (Semantic(v) is { } kept && !IsEmpty(kept)) copy[k] = kept;
                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(e => Semantic(e) ?? JsonValue.Create((string?)null))]);
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsEmpty(JsonNode node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };

    /// <summary>A copy of the template without the pod-template-hash label (and without an emptied labels map).</summary>
    public static JsonObject WithoutHash(JsonNode? template)
    {
        var copy = template?.DeepClone() as JsonObject ?? [];
        if (copy["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
            if (labels.Count == 0) ((JsonObject)copy["metadata"]!).Remove("labels");
        }
        return copy;
    }
}
