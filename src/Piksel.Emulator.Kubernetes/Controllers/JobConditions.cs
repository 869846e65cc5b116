using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>A Job's conditions (type, status, lastProbeTime, lastTransitionTime, reason, message) and what they say of it.</summary>
public static class JobConditions
{
    /// <summary>The True condition of <paramref name="type"/> (Complete, Failed, Suspended…), or null.</summary>
    public static JsonObject? True(JsonObject job, string type) =>
        (job["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == type && c["status"]?.GetValue<string>() == "True");

    /// <summary>"Complete" or "Failed" once the Job has finished, else null (IsJobFinished).</summary>
    public static string? Finished(StoredObject job) =>
        True(job.View, "Complete") is not null ? "Complete" : True(job.View, "Failed") is not null ? "Failed" : null;

    /// <summary>When the Job finished: its completionTime, or the Failed condition's transition.</summary>
    public static DateTimeOffset? FinishedAt(StoredObject job)
    {
        var text = job.View["status"]?["completionTime"]?.GetValue<string>() ?? True(job.View, "Failed")?["lastTransitionTime"]?.GetValue<string>();
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>A condition stamped at <paramref name="now"/>.</summary>
    public static JsonObject Make(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
