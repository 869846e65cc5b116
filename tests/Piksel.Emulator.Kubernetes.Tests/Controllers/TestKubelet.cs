using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>
/// Ends pods as the kubelet reports a container that exited: through <c>pods/status</c> as <c>system:node:&lt;node&gt;</c>,
/// phase Succeeded (exit 0) or Failed, Ready false and a terminated container state. A pod already terminal (a kubelet
/// that simulates completion itself got there first) is left as it is.
/// </summary>
internal static class TestKubelet
{
    /// <summary>Ends every running pod of <paramref name="ns"/> whose labels include <paramref name="label"/>.</summary>
    public static async Task<int> FinishPodsAsync(KubeApiServer server, string ns, string label, string value, int exitCode = 0)
    {
        var client = new ControllerContext(server.State.Context, server.State.Writer, ControllerIdentities.Kubelet).Client;
        var done = 0;
        foreach (var pod in client.List(BuiltInResources.Pods, ns).Items)
        {
            if (!pod.Labels.TryGetValue(label, out var v) || v != value) continue;
            if (WorkloadPods.Phase(pod) is "Succeeded" or "Failed" || pod.IsDeleting()) continue;
            var now = Meta.Timestamp(server.State.Time.GetUtcNow());
            await client.UpdateStatusAsync(pod, o =>
            {
                var status = o["status"] as JsonObject ?? [];
                status["phase"] = exitCode == 0 ? "Succeeded" : "Failed";
                status["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "PodCompleted", ["lastTransitionTime"] = now },
                    new JsonObject { ["type"] = "ContainersReady", ["status"] = "False", ["reason"] = "PodCompleted", ["lastTransitionTime"] = now },
                    new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = now });
                status["containerStatuses"] = new JsonArray([.. (o["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new JsonObject
                {
                    ["name"] = c["name"]?.GetValue<string>(),
                    ["image"] = c["image"]?.GetValue<string>(),
                    ["imageID"] = "",
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["started"] = false,
                    ["state"] = new JsonObject
                    {
                        ["terminated"] = new JsonObject
                        {
                            ["exitCode"] = exitCode,
                            ["reason"] = exitCode == 0 ? "Completed" : "Error",
                            ["startedAt"] = now,
                            ["finishedAt"] = now,
                        },
                    },
                })]);
                o["status"] = status;
            });
            done++;
        }
        return done;
    }
}
