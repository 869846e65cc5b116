using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// What one object counts against a ResourceQuota (pkg/quota/v1/evaluator/core): pods (unless terminal) their
/// requests and limits, services their load balancers and node ports, claims their storage, and every object its
/// <c>count/&lt;resource&gt;[.&lt;group&gt;]</c> (plus the legacy <c>pods</c>, <c>services</c>, <c>configmaps</c>, <c>secrets</c>,
/// <c>persistentvolumeclaims</c>… names). Quota scopes apply to pods only; a scoped quota does not match other kinds.
/// </summary>
public static class QuotaUsage
{
    private static readonly HashSet<string> LegacyCounted = new(StringComparer.Ordinal)
    {
        "pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "replicationcontrollers", "resourcequotas",
    };

    private static readonly string[] Compute = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>True for a pod that no longer holds resources (Succeeded or Failed).</summary>
    public static bool Terminal(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed";

    /// <summary>The usage of <paramref name="obj"/> of <paramref name="type"/>; empty for an object that counts for nothing (a terminal pod).</summary>
    public static Dictionary<string, Quantity> Of(ResourceType type, JsonObject obj)
    {
        var usage = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var one = new Quantity(1, QuantityFormat.DecimalSI);
        if (type == BuiltInResources.Pods && Terminal(obj)) return usage;
        usage["count/" + type.GroupResource] = one;
        if (type.Group.Length == 0 && LegacyCounted.Contains(type.Plural)) usage[type.Plural] = one;
        if (type == BuiltInResources.Pods)
        {
            foreach (var (name, q) in PodResources.Total(obj, "requests"))
            {
                usage["requests." + name] = q;
                if (Compute.Contains(name)) usage[name] = q;
            }
            foreach (var (name, q) in PodResources.Total(obj, "limits")) usage["limits." + name] = q;
        }
        else if (type == BuiltInResources.Services)
        {
            var serviceType = obj["spec"]?["type"]?.GetValue<string>() ?? "ClusterIP";
            var ports = (obj["spec"]?["ports"] as JsonArray ?? []).Count;
            if (serviceType == "LoadBalancer") usage["services.loadbalancers"] = one;
            if (serviceType is "LoadBalancer" or "NodePort") usage["services.nodeports"] = new Quantity(ports, QuantityFormat.DecimalSI);
        }
        else if (type == BuiltInResources.PersistentVolumeClaims)
        {
            var storage = Quantity.TryRead(obj["spec"]?["resources"]?["requests"]?["storage"], out var s) ? s : Quantity.Zero;
            usage["requests.storage"] = storage;
            if (obj["spec"]?["storageClassName"]?.GetValue<string>() is { Length: > 0 } sc)
            {
                usage[$"{sc}.storageclass.storage.k8s.io/requests.storage"] = storage;
                usage[$"{sc}.storageclass.storage.k8s.io/persistentvolumeclaims"] = one;
            }
        }
        return usage;
    }

    /// <summary>True when <paramref name="quota"/>'s scopes and scopeSelector select <paramref name="obj"/>.</summary>
    public static bool Matches(JsonObject quota, ResourceType type, JsonObject obj)
    {
        var scopes = Scopes(quota);
        if (scopes.Count == 0) return true;
        if (type != BuiltInResources.Pods) return false;
        return scopes.All(s => MatchesScope(s, obj));
    }

    /// <summary>The quota's scopes as (scope, operator, values): <c>spec.scopes</c> as Exists, then <c>spec.scopeSelector.matchExpressions</c>.</summary>
    public static List<(string Scope, string Operator, string[] Values)> Scopes(JsonObject quota)
    {
        var result = new List<(string, string, string[])>();
        foreach (var s in (quota["spec"]?["scopes"] as JsonArray ?? []).OfType<JsonValue>())
            if (s.TryGetValue<string>(out var name)) result.Add((name, "Exists", []));
        foreach (var e in (quota["spec"]?["scopeSelector"]?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var values = (e["values"] as JsonArray ?? []).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var x) ? x : "").ToArray();
            result.Add((e["scopeName"]?.GetValue<string>() ?? "", e["operator"]?.GetValue<string>() ?? "Exists", values));
        }
        return result;
    }

    private static bool MatchesScope((string Scope, string Operator, string[] Values) scope, JsonObject pod)
    {
        var deadline = pod["spec"]?["activeDeadlineSeconds"] is JsonValue d && d.TryGetValue<long>(out var seconds) && seconds >= 0;
        return scope.Scope switch
        {
            "Terminating" => deadline,
            "NotTerminating" => !deadline,
            "BestEffort" => PodResources.QosClass(pod) == "BestEffort",
            "NotBestEffort" => PodResources.QosClass(pod) != "BestEffort",
            "PriorityClass" => MatchesPriorityClass(scope.Operator, scope.Values, pod["spec"]?["priorityClassName"]?.GetValue<string>()),
            "CrossNamespacePodAffinity" => false,
            _ => false,
        };
    }

    private static bool MatchesPriorityClass(string op, string[] values, string? priorityClass) => op switch
    {
        "Exists" => !string.IsNullOrEmpty(priorityClass),
        "DoesNotExist" => string.IsNullOrEmpty(priorityClass),
        "In" => priorityClass is not null && values.Contains(priorityClass, StringComparer.Ordinal),
        "NotIn" => priorityClass is null || !values.Contains(priorityClass, StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>The quantities of a resource list (e.g. <c>spec.hard</c>), in name order.</summary>
    public static SortedDictionary<string, Quantity> List(JsonNode? node) => LimitRangeItem.Map(node);

    /// <summary>A resource list as JSON, each quantity in canonical form.</summary>
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, Quantity>> list)
    {
        var json = new JsonObject();
        foreach (var (k, v) in list.OrderBy(p => p.Key, StringComparer.Ordinal)) json[k] = v.ToString();
        return json;
    }

    /// <summary>What the objects in a namespace use of <paramref name="hard"/>'s resources under <paramref name="quota"/>'s scopes (the quota controller's recalculation).</summary>
    public static SortedDictionary<string, Quantity> Recalculate(JsonObject quota, IReadOnlyDictionary<string, Quantity> hard, IEnumerable<(ResourceType Type, JsonObject Obj)> objects)
    {
        var used = new SortedDictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var k in hard.Keys) used[k] = new Quantity(0, hard[k].Format);
        foreach (var (type, obj) in objects)
        {
            if (!Matches(quota, type, obj)) continue;
            foreach (var (k, q) in Of(type, obj))
                if (used.TryGetValue(k, out var u)) used[k] = u.Add(q);
        }
        return used;
    }
}
