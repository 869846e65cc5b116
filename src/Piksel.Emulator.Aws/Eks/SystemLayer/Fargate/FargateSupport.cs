using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>
/// Why Fargate refuses a pod, in the fargate-scheduler's words (<c>Pod not supported on Fargate: …</c>): host
/// networking or ports, privileged containers, or a size beyond the largest Fargate combination.
/// </summary>
public static class FargateSupport
{
    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    /// <summary>The reasons <paramref name="pod"/> cannot run on Fargate; empty when it can.</summary>
    public static IReadOnlyList<string> Problems(JsonObject pod)
    {
        var problems = new List<string>();
        var spec = pod["spec"] as JsonObject;
        var containers = ContainerLists.SelectMany(l => (spec?[l] as JsonArray ?? []).OfType<JsonObject>()).ToList();
        var fields = new List<string>();
        if (spec?["hostNetwork"] is JsonValue hn && hn.TryGetValue<bool>(out var host) && host) fields.Add("HostNetwork");
        if (spec?["hostPID"] is JsonValue hp && hp.TryGetValue<bool>(out var pid) && pid) fields.Add("HostPID");
        if (spec?["hostIPC"] is JsonValue hi && hi.TryGetValue<bool>(out var ipc) && ipc) fields.Add("HostIPC");
        if (fields.Count > 0) problems.Add("fields not supported: " + string.Join(", ", fields));
        if (containers.Any(c => c["securityContext"]?["privileged"] is JsonValue p && p.TryGetValue<bool>(out var privileged) && privileged))
            problems.Add("invalid SecurityContext fields: Privileged");
        if (containers.Any(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>().Any(p => p["hostPort"] is not null || p["hostIP"] is not null)))
            problems.Add("port contains HostIP or HostPort");
        if (FargateCapacity.For(pod) is null) problems.Add(FargateCapacity.TooLargeReason);
        return problems;
    }
}
