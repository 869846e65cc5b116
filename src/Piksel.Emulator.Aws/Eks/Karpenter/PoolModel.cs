using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;
using Piksel.Shared;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// What the simulated Karpenter reads of a NodePool: its requirements, taints, limits, consolidation and the instance
/// types its requirements admit.
/// </summary>
/// <param name="Name">The pool's name.</param>
/// <param name="Weight">Its weight (0 when unset); heavier pools are tried first.</param>
/// <param name="NodeClassName">The EC2NodeClass it launches from.</param>
/// <param name="Requirements">Its requirements, as node selector requirements.</param>
/// <param name="Taints">Taints its nodes carry.</param>
/// <param name="Limits">Its limits by resource (cores, bytes, count).</param>
/// <param name="ConsolidateAfter">How long a node must be empty before it goes, or null for <c>Never</c>.</param>
public sealed record PoolModel(
    string Name,
    int Weight,
    string NodeClassName,
    IReadOnlyList<JsonObject> Requirements,
    IReadOnlyList<Taint> Taints,
    IReadOnlyDictionary<string, decimal> Limits,
    TimeSpan? ConsolidateAfter)
{
    private static readonly string[] PreferredCapacityTypes = ["spot", "on-demand"];

    /// <summary>Reads a NodePool object.</summary>
    public static PoolModel Of(JsonObject nodePool)
    {
        ArgumentNullException.ThrowIfNull(nodePool);
        var spec = nodePool["spec"];
        var template = spec?["template"]?["spec"];
        var after = spec?["disruption"]?["consolidateAfter"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "Never";
        return new PoolModel(
            nodePool["metadata"]?["name"]?.GetValue<string>() ?? "",
            spec?["weight"] is JsonValue w && w.TryGetValue<int>(out var weight) ? weight : 0,
            template?["nodeClassRef"]?["name"]?.GetValue<string>() ?? "",
            [.. (template?["requirements"] as JsonArray ?? []).OfType<JsonObject>()],
            [.. (template?["taints"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new Taint(
                t["key"]?.GetValue<string>() ?? "", t["value"]?.GetValue<string>() ?? "", t["effect"]?.GetValue<string>() ?? ""))],
            PodResources.Quantities(spec?["limits"] as JsonObject),
            GoDuration.TryParse(after, out var duration) ? duration : null);
    }

    /// <summary>The capacity types the pool allows, most preferred first (spot before on-demand, as Karpenter launches).</summary>
    public IReadOnlyList<string> CapacityTypes
    {
        get
        {
            var requirement = Requirements.FirstOrDefault(r => r["key"]?.GetValue<string>() == "karpenter.sh/capacity-type");
            if (requirement is null) return ["on-demand"];
            return [.. PreferredCapacityTypes.Where(c => Admits(requirement, c))];
        }
    }

    /// <summary>The instance types the pool's requirements admit (keys a type does not label, such as zones, are left to launch).</summary>
    public IReadOnlyList<KarpenterInstanceType> InstanceTypes =>
        [.. KarpenterInstanceType.All.Where(t => Requirements.All(r =>
        {
            var key = r["key"]?.GetValue<string>() ?? "";
            return !t.Labels.TryGetValue(key, out var value) || Admits(r, value);
        }))];

    /// <summary>The labels a node of <paramref name="type"/> from this pool carries before it has a zone.</summary>
    public Dictionary<string, string> NodeLabels(KarpenterInstanceType type, string capacityType) =>
        new(type.Labels, StringComparer.Ordinal)
        {
            ["karpenter.sh/nodepool"] = Name,
            ["karpenter.sh/capacity-type"] = capacityType,
            ["karpenter.k8s.aws/ec2nodeclass"] = NodeClassName,
        };

    private static bool Admits(JsonObject requirement, string value)
    {
        var values = (requirement["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList();
        return requirement["operator"]?.GetValue<string>() switch
        {
            "In" => values.Contains(value),
            "NotIn" => !values.Contains(value),
            "DoesNotExist" => false,
            "Gt" => Number(value) > Number(values.FirstOrDefault()),
            "Lt" => Number(value) < Number(values.FirstOrDefault()),
            _ => true,
        };
    }

    private static decimal? Number(string? text) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
