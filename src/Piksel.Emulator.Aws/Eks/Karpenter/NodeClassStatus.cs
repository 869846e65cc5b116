using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// The status Karpenter publishes on its objects: an EC2NodeClass's resolved subnets, security groups and AMIs with
/// SubnetsReady, SecurityGroupsReady, AMIsReady, InstanceProfileReady and Ready; a NodePool's NodeClassReady,
/// ValidationSucceeded and Ready (Ready only when its class is), and its <c>status.resources</c> (its nodes' capacity).
/// </summary>
internal sealed class NodeClassStatus(IControllerClient client, IKarpenterCloud cloud, TimeProvider time)
{
    /// <summary>Resolves every node class and writes its status; returns the resolution of each Ready class by name.</summary>
    public async Task<Dictionary<string, NodeClassResolution>> UpdateClassesAsync(CancellationToken cancellationToken)
    {
        var ready = new Dictionary<string, NodeClassResolution>(StringComparer.Ordinal);
        foreach (var nodeClass in client.List(KarpenterKinds.NodeClasses, null).Items.Where(c => !c.IsDeleting()))
        {
            var resolution = await cloud.ResolveNodeClassAsync(Selectors(nodeClass.View), cancellationToken);
            var conditions = new List<(string Type, bool Ok, string Reason, string Message)>
            {
                ("SubnetsReady", resolution.Subnets.Count > 0, "SubnetsNotFound", "SubnetSelector did not match any Subnets"),
                ("SecurityGroupsReady", resolution.SecurityGroups.Count > 0, "SecurityGroupsNotFound", "SecurityGroupSelector did not match any SecurityGroups"),
                ("AMIsReady", resolution.Amis.Count > 0, "AMINotFound", "AMISelector did not match any AMIs"),
                ("InstanceProfileReady", true, "", ""),
            };
            var allOk = conditions.All(c => c.Ok);
            var failed = conditions.FirstOrDefault(c => !c.Ok);
            conditions.Add(("Ready", allOk, "NotReady", failed.Type is null ? "" : $"{failed.Type}=False"));
            var role = nodeClass.View["spec"]?["role"]?.GetValue<string>() ?? "";
            var status = new JsonObject
            {
                ["subnets"] = new JsonArray([.. resolution.Subnets.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["zone"] = s.Zone })]),
                ["securityGroups"] = new JsonArray([.. resolution.SecurityGroups.Select(g => (JsonNode)new JsonObject { ["id"] = g.Id, ["name"] = g.Name })]),
                ["amis"] = new JsonArray([.. resolution.Amis.Select(a => (JsonNode)a.ToStatus())]),
                ["instanceProfile"] = role,
                ["conditions"] = Conditions(nodeClass.View, conditions),
            };
            await WriteStatusAsync(nodeClass, status, cancellationToken);
            if (allOk) ready[nodeClass.Name] = resolution;
        }
        return ready;
    }

    /// <summary>Writes every pool's conditions and resources; returns the Ready pools.</summary>
    public async Task<List<StoredObject>> UpdatePoolsAsync(IReadOnlySet<string> readyClasses, CancellationToken cancellationToken)
    {
        var ready = new List<StoredObject>();
        var nodes = client.List(Kubernetes.Api.BuiltInResources.Nodes, null).Items;
        foreach (var pool in client.List(KarpenterKinds.NodePools, null).Items.Where(p => !p.IsDeleting()))
        {
            var classReady = readyClasses.Contains(PoolModel.Of(pool.View).NodeClassName);
            var resources = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["nodes"] = 0 };
            foreach (var node in nodes.Where(n => n.Labels.GetValueOrDefault(KarpenterKinds.NodePoolLabel) == pool.Name))
            {
                resources["nodes"] += 1;
                foreach (var (name, value) in Kubernetes.Controllers.Scheduler.PodResources.Quantities(node.View["status"]?["capacity"] as JsonObject))
                    resources[name] = resources.GetValueOrDefault(name) + value;
            }
            var status = new JsonObject
            {
                ["resources"] = NodeObjects.Resources(resources),
                ["conditions"] = Conditions(pool.View,
                [
                    ("ValidationSucceeded", true, "", ""),
                    ("NodeClassReady", classReady, "NodeClassNotReady", "NodeClass is not ready"),
                    ("Ready", classReady, "NotReady", "NodeClassReady=False"),
                ]),
            };
            await WriteStatusAsync(pool, status, cancellationToken);
            if (classReady) ready.Add(pool);
        }
        return ready;
    }

    private static NodeClassSelectors Selectors(JsonObject nodeClass)
    {
        var spec = nodeClass["spec"];
        static IReadOnlyList<IReadOnlyDictionary<string, string>> Terms(JsonNode? terms) =>
            [.. (terms as JsonArray ?? []).Select(t => (IReadOnlyDictionary<string, string>)(t?["tags"] as JsonObject ?? [])
                .ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal))];
        var alias = (spec?["amiSelectorTerms"] as JsonArray ?? []).Select(t => t?["alias"]?.GetValue<string>()).FirstOrDefault(a => a is not null) ?? "";
        return new NodeClassSelectors(alias, Terms(spec?["subnetSelectorTerms"]), Terms(spec?["securityGroupSelectorTerms"]));
    }

    /// <summary>Conditions with their transition times kept while their status holds.</summary>
    private JsonArray Conditions(JsonObject current, IEnumerable<(string Type, bool Ok, string Reason, string Message)> wanted)
    {
        var previous = (current["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(c => c["type"]?.GetValue<string>() ?? "", c => c, StringComparer.Ordinal);
        var now = Meta.Timestamp(time.GetUtcNow());
        var generation = current["metadata"]?["generation"]?.DeepClone() ?? 1;
        var result = new JsonArray();
        foreach (var (type, ok, reason, message) in wanted)
        {
            var status = ok ? "True" : "False";
            var since = previous.TryGetValue(type, out var before) && before["status"]?.GetValue<string>() == status
                ? before["lastTransitionTime"]?.GetValue<string>() ?? now : now;
            result.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = status,
                ["reason"] = ok ? type : reason,
                ["message"] = ok ? "" : message,
                ["lastTransitionTime"] = since,
                ["observedGeneration"] = generation.DeepClone(),
            });
        }
        return result;
    }

    private async Task WriteStatusAsync(StoredObject obj, JsonObject status, CancellationToken cancellationToken)
    {
        // Unchanged status is not written again, so the pass does not wake itself.
        if (JsonNode.DeepEquals(obj.View["status"], status)) return;
        await client.UpdateAsync(obj, o => o["status"] = status, "status", cancellationToken);
    }
}
