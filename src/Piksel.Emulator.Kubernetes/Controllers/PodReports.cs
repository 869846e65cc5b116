using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>What the kubelet reports about a pod: its containers' statuses and its QoS class.</summary>
public static class PodReports
{
    /// <summary>A condition that is True since <paramref name="now"/>.</summary>
    public static JsonObject Condition(string type, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = now,
    };

    /// <summary>A container's status: running and ready, or (an init container) completed.</summary>
    public static JsonObject ContainerStatus(JsonObject container, string now, bool completed)
    {
        var image = NormalizeImage(container["image"]?.GetValue<string>() ?? "");
        var repository = image.Split('@')[0];
        var colon = repository.LastIndexOf(':');
        if (colon > repository.LastIndexOf('/')) repository = repository[..colon];
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)));
        var state = completed
            ? new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["containerID"] = null,
                    ["exitCode"] = 0,
                    ["reason"] = "Completed",
                    ["startedAt"] = now,
                    ["finishedAt"] = now,
                },
            }
            : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
        var containerId = "containerd://" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (completed) state["terminated"]!["containerID"] = containerId;
        return new JsonObject
        {
            ["containerID"] = containerId,
            ["image"] = image,
            ["imageID"] = $"{repository}@sha256:{digest}",
            ["lastState"] = new JsonObject(),
            ["name"] = container["name"]?.DeepClone(),
            ["ready"] = !completed,
            ["restartCount"] = 0,
            ["started"] = !completed,
            ["state"] = state,
        };
    }

    /// <summary>The image as containerd reports it: <c>nginx</c> is <c>docker.io/library/nginx:latest</c>.</summary>
    public static string NormalizeImage(string image)
    {
        if (image.Length == 0) return image;
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : image[..slash];
        var hasRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        var name = hasRegistry ? image : "docker.io/" + (slash < 0 ? "library/" + image : image);
        var last = name[(name.LastIndexOf('/') + 1)..];
        return last.Contains(':', StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal) ? name : name + ":latest";
    }

    /// <summary>
    /// Guaranteed when every container limits cpu and memory and requests the same (or nothing, which defaults to the
    /// limit); BestEffort when no container requests or limits anything; Burstable otherwise.
    /// </summary>
    public static string QosClass(JsonObject pod) => Admission.Quota.PodResources.QosClass(pod);
}
