using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers.Kubelet;

/// <summary>The pod statuses a healthy kubelet reports: running with ready containers, and finished (Succeeded or Failed).</summary>
public static class KubeletStatus
{
    /// <summary>Running on a node whose address is <paramref name="hostIp"/>, with <paramref name="podIp"/>, every container started and ready.</summary>
    public static JsonObject Running(JsonObject pod, string hostIp, string podIp, string now)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                PodReports.Condition("PodReadyToStartContainers", now), PodReports.Condition("Initialized", now), PodReports.Condition("Ready", now),
                PodReports.Condition("ContainersReady", now), Scheduled(pod, now)),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = now,
        };
        if (spec["initContainers"] is JsonArray { Count: > 0 } inits)
            status["initContainerStatuses"] = new JsonArray([.. inits.OfType<JsonObject>().Select(c => PodReports.ContainerStatus(c, now, completed: true))]);
        status["containerStatuses"] = new JsonArray([.. Containers(pod).Select(c => PodReports.ContainerStatus(c, now, completed: false))]);
        status["qosClass"] = PodReports.QosClass(pod);
        return status;
    }

    /// <summary>
    /// The status once every container has exited with <paramref name="exitCode"/>: Succeeded when all exited 0, Failed
    /// otherwise; Ready and ContainersReady False (PodCompleted or PodFailed), the sandbox gone.
    /// </summary>
    public static JsonObject Finished(JsonObject pod, Func<JsonObject, int> exitCode, string now)
    {
        var status = pod["status"]?.DeepClone() as JsonObject ?? [];
        var containers = Containers(pod).ToList();
        var codes = containers.Select(exitCode).ToList();
        var failed = codes.Any(c => c != 0);
        status["phase"] = failed ? "Failed" : "Succeeded";
        var reason = failed ? "PodFailed" : "PodCompleted";
        var conditions = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonObject)c.DeepClone()).ToList();
        foreach (var condition in conditions)
        {
            var type = condition["type"]?.GetValue<string>();
            if (type is not ("Ready" or "ContainersReady" or "PodReadyToStartContainers")) continue;
            condition["status"] = "False";
            condition["lastTransitionTime"] = now;
            if (type != "PodReadyToStartContainers") condition["reason"] = reason;
        }
        status["conditions"] = new JsonArray([.. conditions]);
        var previous = (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        status["containerStatuses"] = new JsonArray([.. containers.Select((c, i) =>
        {
            var running = previous.FirstOrDefault(p => p["name"]?.GetValue<string>() == c["name"]?.GetValue<string>());
            var container = running?.DeepClone() as JsonObject ?? PodReports.ContainerStatus(c, now, completed: false);
            container["ready"] = false;
            container["started"] = false;
            container["state"] = Terminated(container, codes[i], now);
            return (JsonNode)container;
        })]);
        return status;
    }

    /// <summary>
    /// A failed run under restartPolicy OnFailure: the run goes to lastState, the restart count goes up, and the container
    /// waits in CrashLoopBackOff; the pod stays Running but not ready.
    /// </summary>
    public static JsonObject CrashLooping(JsonObject pod, Func<JsonObject, int> exitCode, string now)
    {
        var status = pod["status"]?.DeepClone() as JsonObject ?? [];
        var byName = Containers(pod).ToDictionary(c => c["name"]?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var podName = $"{pod["metadata"]?["name"]}_{pod["metadata"]?["namespace"]}({pod["metadata"]?["uid"]})";
        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = container["name"]?.GetValue<string>() ?? "";
            if (!byName.TryGetValue(name, out var spec) || exitCode(spec) is not (not 0 and var code)) continue;
            var restarts = (container["restartCount"]?.GetValue<int>() ?? 0) + 1;
            container["lastState"] = Terminated(container, code, now);
            container["restartCount"] = restarts;
            container["ready"] = false;
            container["started"] = false;
            container["state"] = new JsonObject
            {
                ["waiting"] = new JsonObject
                {
                    ["reason"] = "CrashLoopBackOff",
                    ["message"] = $"back-off {(int)BackOff(restarts).TotalSeconds}s restarting failed container={name} pod={podName}",
                },
            };
        }
        SetReady(status, false, "ContainersNotReady", now);
        return status;
    }

    /// <summary>The restart after the back-off: the waiting containers run again and the pod is ready.</summary>
    public static JsonObject Restarted(JsonObject pod, string now)
    {
        var status = pod["status"]?.DeepClone() as JsonObject ?? [];
        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (container["state"]?["waiting"] is null) continue;
            container["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
            container["ready"] = true;
            container["started"] = true;
        }
        SetReady(status, true, null, now);
        return status;
    }

    /// <summary>When the containers waiting in CrashLoopBackOff last failed, or null when none waits.</summary>
    public static DateTimeOffset? BackedOffSince(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(c => c["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CrashLoopBackOff")
            .Select(c => c["lastState"]?["terminated"]?["finishedAt"]?.GetValue<string>())
            .Select(t => DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null)
            .Where(t => t is not null).Max();

    /// <summary>The kubelet's crash-loop back-off before restart number <paramref name="restarts"/>: 10 s doubling, at most five minutes.</summary>
    public static TimeSpan BackOff(int restarts) => TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, Math.Clamp(restarts - 1, 0, 5))));

    private static void SetReady(JsonObject status, bool ready, string? reason, string now)
    {
        foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (condition["type"]?.GetValue<string>() is not ("Ready" or "ContainersReady")) continue;
            condition["status"] = ready ? "True" : "False";
            condition["lastTransitionTime"] = now;
            if (reason is null) condition.Remove("reason");
            else condition["reason"] = reason;
        }
    }

    /// <summary>How many times the pod's containers have been restarted, at most.</summary>
    public static int Restarts(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().Select(c => c["restartCount"]?.GetValue<int>() ?? 0).DefaultIfEmpty(0).Max();

    private static JsonObject Terminated(JsonObject container, int code, string now) => new()
    {
        ["terminated"] = new JsonObject
        {
            ["containerID"] = container["containerID"]?.DeepClone(),
            ["exitCode"] = code,
            ["reason"] = code == 0 ? "Completed" : "Error",
            ["startedAt"] = container["state"]?["running"]?["startedAt"]?.DeepClone() ?? now,
            ["finishedAt"] = now,
        },
    };

    private static IEnumerable<JsonObject> Containers(JsonObject pod) => (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>();

    private static JsonObject Scheduled(JsonObject pod, string now) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "PodScheduled")?.DeepClone() as JsonObject
            ?? PodReports.Condition("PodScheduled", now);
}
