using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// The two system priority classes every kube-apiserver makes at start (<c>system-cluster-critical</c> 2000000000,
/// <c>system-node-critical</c> 2000001000), which the add-ons' pods name; made here, as the API server, when absent.
/// </summary>
public static class PriorityClasses
{
    /// <summary>Creates whichever of the two is missing.</summary>
    public static async Task EnsureAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = SystemLayer.SystemResources.Served(context.Catalog, SystemLayer.SystemResources.PriorityClasses);
        var apiServer = context.ClientFor(ControllerIdentities.ApiServer);
        foreach (var (name, value, description) in new[]
        {
            ("system-cluster-critical", 2000000000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
            ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current node."),
        })
        {
            if (apiServer.Get(type, "", name) is not null) continue;
            var priorityClass = new JsonObject
            {
                ["apiVersion"] = type.ApiVersion,
                ["kind"] = type.Kind,
                ["metadata"] = new JsonObject(),
                ["value"] = value,
                ["globalDefault"] = false,
                ["preemptionPolicy"] = "PreemptLowerPriority",
                ["description"] = description,
            };
            await apiServer.CreateIfAbsentAsync(type, "", name, priorityClass, cancellationToken);
        }
    }
}
