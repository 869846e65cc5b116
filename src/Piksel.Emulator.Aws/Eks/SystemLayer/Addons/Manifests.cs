using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>The pieces the add-ons' objects are made of (metadata, service accounts, RBAC, tolerations, affinities).</summary>
public static class Manifests
{
    /// <summary>The namespace every add-on installs into.</summary>
    public const string KubeSystem = "kube-system";

    /// <summary>The node label whose value is <c>fargate</c> on Fargate nodes.</summary>
    public const string ComputeTypeLabel = "eks.amazonaws.com/compute-type";

    /// <summary>A label map.</summary>
    public static JsonObject Map(params (string Key, string Value)[] entries)
    {
        var map = new JsonObject();
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }

    /// <summary>An object of <paramref name="type"/> with metadata.</summary>
    public static JsonObject Object(ResourceType type, string name, string ns, JsonObject? labels = null, JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (type.Namespaced) metadata["namespace"] = ns;
        if (labels is { Count: > 0 }) metadata["labels"] = labels;
        if (annotations is { Count: > 0 }) metadata["annotations"] = annotations;
        return new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = metadata };
    }

    /// <summary>A service account in kube-system, annotated with the IRSA role when the add-on has one.</summary>
    public static AddonObject ServiceAccount(string name, JsonObject labels, string? roleArn)
    {
        var annotations = roleArn is { Length: > 0 } ? Map(("eks.amazonaws.com/role-arn", roleArn)) : null;
        return new(BuiltInResources.ServiceAccounts, KubeSystem, name, Object(BuiltInResources.ServiceAccounts, name, KubeSystem, labels, annotations));
    }

    /// <summary>A ClusterRole with <paramref name="rules"/>.</summary>
    public static AddonObject ClusterRole(string name, JsonObject labels, params JsonObject[] rules)
    {
        var role = Object(BuiltInResources.ClusterRoles, name, "", labels);
        role["rules"] = new JsonArray([.. rules]);
        return new(BuiltInResources.ClusterRoles, "", name, role);
    }

    /// <summary>A policy rule.</summary>
    public static JsonObject Rule(string[] groups, string[] resources, string[] verbs) => new()
    {
        ["apiGroups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]),
        ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)r)]),
        ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
    };

    /// <summary>A ClusterRoleBinding of the ClusterRole <paramref name="role"/> to the kube-system service account <paramref name="account"/>.</summary>
    public static AddonObject ClusterRoleBinding(string name, string role, string account, JsonObject labels)
    {
        var binding = Object(BuiltInResources.ClusterRoleBindings, name, "", labels);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account, ["namespace"] = KubeSystem });
        return new(BuiltInResources.ClusterRoleBindings, "", name, binding);
    }

    /// <summary>A ConfigMap in kube-system.</summary>
    public static AddonObject ConfigMap(string name, JsonObject labels, params (string Key, string Value)[] data)
    {
        var map = Object(BuiltInResources.ConfigMaps, name, KubeSystem, labels);
        map["data"] = Map(data);
        return new(BuiltInResources.ConfigMaps, KubeSystem, name, map);
    }

    /// <summary>A toleration.</summary>
    public static JsonObject Toleration(string? key, string op, string? effect = null, string? value = null, long? seconds = null)
    {
        var toleration = new JsonObject();
        if (key is not null) toleration["key"] = key;
        toleration["operator"] = op;
        if (value is not null) toleration["value"] = value;
        if (effect is not null) toleration["effect"] = effect;
        if (seconds is not null) toleration["tolerationSeconds"] = seconds;
        return toleration;
    }

    /// <summary>A required node affinity keeping pods off nodes whose compute type is one of <paramref name="computeTypes"/> (and on linux amd64/arm64).</summary>
    public static JsonObject NodeAffinityNotIn(params string[] computeTypes) => new()
    {
        ["nodeAffinity"] = new JsonObject
        {
            ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
            {
                ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                {
                    ["matchExpressions"] = new JsonArray(
                        Expression("kubernetes.io/os", "In", "linux"),
                        Expression("kubernetes.io/arch", "In", "amd64", "arm64"),
                        Expression(ComputeTypeLabel, "NotIn", computeTypes)),
                }),
            },
        },
    };

    /// <summary>A node selector requirement.</summary>
    public static JsonObject Expression(string key, string op, params string[] values) => new()
    {
        ["key"] = key,
        ["operator"] = op,
        ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]),
    };

    /// <summary>A container resources block.</summary>
    public static JsonObject Resources(JsonObject? requests, JsonObject? limits)
    {
        var resources = new JsonObject();
        if (limits is not null) resources["limits"] = limits;
        if (requests is not null) resources["requests"] = requests;
        return resources;
    }

    /// <summary>A container port.</summary>
    public static JsonObject Port(string name, int port, string protocol = "TCP") => new() { ["containerPort"] = port, ["name"] = name, ["protocol"] = protocol };

    /// <summary>An env list.</summary>
    public static JsonArray Env(params (string Name, string Value)[] entries) =>
        new([.. entries.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["value"] = e.Value })]);

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
