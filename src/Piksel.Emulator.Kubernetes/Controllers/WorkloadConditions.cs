using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>Workload conditions with lastUpdateTime and lastTransitionTime as the apps controllers keep them.</summary>
internal static class WorkloadConditions
{
    /// <summary>A condition stamped at <paramref name="now"/>.</summary>
    public static JsonObject Make(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastUpdateTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>
    /// The new conditions, keeping the old lastTransitionTime where the status did not change and the old
    /// lastUpdateTime where nothing changed (so a resync writes nothing).
    /// </summary>
    public static JsonArray Merge(JsonObject? oldStatus, params JsonObject[] conditions)
    {
        var old = (oldStatus?["conditions"] as JsonArray)?.OfType<JsonObject>().ToDictionary(c => c["type"]?.GetValue<string>() ?? "") ?? [];
        foreach (var c in conditions)
        {
            if (!old.TryGetValue(c["type"]!.GetValue<string>(), out var previous)) continue;
            if (previous["status"]?.GetValue<string>() != c["status"]!.GetValue<string>()) continue;
            c["lastTransitionTime"] = previous["lastTransitionTime"]?.DeepClone();
            if (previous["reason"]?.GetValue<string>() == c["reason"]!.GetValue<string>() && previous["message"]?.GetValue<string>() == c["message"]!.GetValue<string>())
                c["lastUpdateTime"] = previous["lastUpdateTime"]?.DeepClone();
        }
        return new JsonArray([.. conditions]);
    }
}
