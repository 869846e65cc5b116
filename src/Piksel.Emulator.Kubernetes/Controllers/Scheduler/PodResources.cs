using System.Text.Json.Nodes;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>
/// What a pod asks of a node (resource/helpers.go PodRequests): per resource, the larger of the sum over its containers
/// and the largest init container, plus spec.overhead; quantities as decimals (cpu in cores, memory in bytes).
/// </summary>
public static class PodResources
{
    /// <summary>The pod's requests. A container's limit stands in for a request it does not make, as the API server defaults it.</summary>
    public static Dictionary<string, decimal> Requests(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in (spec["containers"] as JsonArray ?? []).OfType<JsonObject>())
            foreach (var (name, value) in ContainerRequests(container)) total[name] = total.GetValueOrDefault(name) + value;
        foreach (var init in (spec["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var (name, value) in ContainerRequests(init))
            {
                if (value > total.GetValueOrDefault(name)) total[name] = value;
            }
        }
        foreach (var (name, value) in Quantities(spec["overhead"] as JsonObject)) total[name] = total.GetValueOrDefault(name) + value;
        return total;
    }

    /// <summary>A resource map (<c>requests</c>, <c>allocatable</c>) as decimals; a quantity that does not parse counts as zero.</summary>
    public static Dictionary<string, decimal> Quantities(JsonObject? map)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, value) in map ?? [])
            result[name] = Parse(value);
        return result;
    }

    /// <summary>One quantity (<c>100m</c>, <c>128Mi</c>, <c>2</c>) as a decimal; zero when absent or malformed.</summary>
    public static decimal Parse(JsonNode? value)
    {
        var text = value switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text)) return 0;
        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return 0;
        }
    }

    private static Dictionary<string, decimal> ContainerRequests(JsonObject container)
    {
        var requests = Quantities(container["resources"]?["requests"] as JsonObject);
        foreach (var (name, limit) in Quantities(container["resources"]?["limits"] as JsonObject))
            requests.TryAdd(name, limit);
        return requests;
    }
}
