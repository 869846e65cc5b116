using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>Where a workload kind keeps its pod template (pod-security-admission's DefaultPodSpecExtractor).</summary>
internal static class PodTemplates
{
    /// <summary>The template of <paramref name="obj"/> when <paramref name="type"/> is a workload kind PodSecurity looks into; null otherwise.</summary>
    public static PodView? Of(ResourceType type, JsonObject? obj)
    {
        if (obj is null) return null;
        var template = (type.Group, type.Kind) switch
        {
            ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or ("batch", "Job") or ("", "ReplicationController") => obj["spec"]?["template"],
            ("batch", "CronJob") => obj["spec"]?["jobTemplate"]?["spec"]?["template"],
            ("", "PodTemplate") => obj["template"],
            _ => null,
        };
        if (template is null && !IsWorkload(type)) return null;
        return new PodView(template?["metadata"] as JsonObject, template?["spec"] as JsonObject);
    }

    private static bool IsWorkload(ResourceType type) => (type.Group, type.Kind) is
        ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or ("batch", "Job" or "CronJob") or ("", "ReplicationController" or "PodTemplate");
}
