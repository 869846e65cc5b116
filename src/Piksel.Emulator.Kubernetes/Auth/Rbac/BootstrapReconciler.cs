using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// kube-apiserver's <c>rbac/bootstrap-roles</c> post-start hook: each default ClusterRole and ClusterRoleBinding is
/// created when missing and, unless annotated <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>, given back
/// the rules, subjects, labels and annotations it lacks (what an admin added stays). It runs as the server starts,
/// before any controller, so components are authorized from their first write.
/// </summary>
public static class BootstrapReconciler
{
    /// <summary>Reconciles <paramref name="objects"/> (ClusterRoles and ClusterRoleBindings) into <paramref name="store"/>.</summary>
    public static void Reconcile(ObjectStore store, TimeProvider time, IEnumerable<JsonObject> objects)
    {
        foreach (var desired in objects)
        {
            var type = desired["kind"]?.GetValue<string>() == "ClusterRole" ? BuiltInResources.ClusterRoles : BuiltInResources.ClusterRoleBindings;
            var name = Meta.Name(desired)!;
            var current = store.Get(type, "", name);
            if (current is null)
            {
                var created = (JsonObject)desired.DeepClone();
                var meta = Meta.Of(created);
                meta["uid"] = Guid.NewGuid().ToString();
                meta["creationTimestamp"] = Meta.Timestamp(time.GetUtcNow());
                store.Put(type, "", name, created);
                continue;
            }
            if (current.Annotations.TryGetValue(RbacObjects.AutoupdateAnnotation, out var auto) && auto == "false") continue;
            var merged = current.ToJsonObject();
            MergeMap(Meta.Of(merged), "labels", desired["metadata"]?["labels"]);
            MergeMap(Meta.Of(merged), "annotations", desired["metadata"]?["annotations"]);
            if (type == BuiltInResources.ClusterRoles)
            {
                if (desired["aggregationRule"] is { } aggregation) merged["aggregationRule"] ??= aggregation.DeepClone();
                else MergeList(merged, "rules", desired["rules"]);
            }
            else
            {
                MergeList(merged, "subjects", desired["subjects"]);
            }
            if (!JsonNode.DeepEquals(merged, current.View)) store.Put(type, "", name, merged);
        }
    }

    private static void MergeMap(JsonObject meta, string field, JsonNode? wanted)
    {
        if (wanted is not JsonObject entries) return;
        var map = meta[field] as JsonObject ?? (JsonObject)(meta[field] = new JsonObject());
        foreach (var (key, value) in entries)
            if (!map.ContainsKey(key)) map[key] = value?.DeepClone();
    }

    private static void MergeList(JsonObject obj, string field, JsonNode? wanted)
    {
        if (wanted is not JsonArray items) return;
        var list = obj[field] as JsonArray ?? (JsonArray)(obj[field] = new JsonArray());
        foreach (var item in items)
            if (!list.Any(existing => JsonNode.DeepEquals(existing, item))) list.Add(item?.DeepClone());
    }
}
