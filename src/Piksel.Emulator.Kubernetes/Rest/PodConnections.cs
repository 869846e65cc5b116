using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The pod subresources a real API server proxies to the pod's kubelet: <c>log</c>, <c>exec</c>, <c>attach</c> and
/// <c>portforward</c>. Containers here are simulated, so after the checks the API server makes itself (the pod exists,
/// the container is one of its own or can be defaulted, the pod has a node) the answer is a 400 BadRequest Status that
/// says so; kubectl prints its message (<c>Error from server (BadRequest): …</c>), for exec and port-forward through the
/// failed connection upgrade, which client-go decodes as a Status.
/// </summary>
public static class PodConnections
{
    /// <summary>The subresources served here.</summary>
    public static IReadOnlyList<string> Subresources { get; } = ["log", "exec", "attach", "portforward"];

    /// <summary>Serves <c>pods/&lt;subresource&gt;</c>.</summary>
    public static ResourceHandler For(string subresource) => context => HandleAsync(context, subresource);

    private static Task HandleAsync(ApiContext context, string subresource)
    {
        var r = context.Request;
        // log is read with GET; the streaming ones upgrade a POST (SPDY) or a GET (WebSocket).
        var allowed = subresource == "log" ? r.Verb == "get" : r.Verb is "get" or "create";
        if (!allowed) throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var pod = context.State.Store.Get(BuiltInResources.Pods, r.Namespace ?? "", r.Name ?? "") ?? throw StatusException.NotFound(BuiltInResources.Pods, r.Name ?? "");
        var name = pod.Name;
        if (subresource == "portforward")
        {
            throw StatusException.BadRequest(
                $"pod \"{name}\" is simulated by the Piksel Kubernetes emulator: its containers run no process, so there is no port to forward to");
        }
        var container = Container(pod.View, context.Http.Request.Query["container"].ToString());
        if (string.IsNullOrEmpty(pod.View["spec"]?["nodeName"]?.GetValue<string>()))
        {
            // A log of an unscheduled pod is empty, as the API server answers when it has no kubelet to ask.
            if (subresource == "log")
            {
                context.Http.Response.ContentType = "text/plain";
                return Task.CompletedTask;
            }
            throw StatusException.BadRequest($"pod {name} does not have a host assigned");
        }
        var what = subresource switch
        {
            "log" => "it has no logs",
            "exec" => "there is nothing to exec into",
            _ => "there is nothing to attach to",
        };
        throw StatusException.BadRequest($"container \"{container}\" in pod \"{name}\" is simulated by the Piksel Kubernetes emulator: it runs no process, so {what}");
    }

    /// <summary>
    /// The container the request is about: the one named (400 when the pod has none of that name), else the pod's only
    /// container (400 naming the choices when it has several).
    /// </summary>
    private static string Container(JsonObject pod, string requested)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        string Name(JsonNode? c) => c?["name"]?.GetValue<string>() ?? "";
        var containers = (spec["containers"] as JsonArray ?? []).Select(Name).ToList();
        var all = containers.Concat((spec["initContainers"] as JsonArray ?? []).Select(Name)).Concat((spec["ephemeralContainers"] as JsonArray ?? []).Select(Name)).ToList();
        var podName = pod["metadata"]?["name"]?.GetValue<string>();
        if (requested.Length > 0)
        {
            return all.Contains(requested, StringComparer.Ordinal)
                ? requested
                : throw StatusException.BadRequest($"container {requested} is not valid for pod {podName}");
        }
        if (containers.Count == 1) return containers[0];
        throw StatusException.BadRequest($"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', all)}]");
    }
}
