using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Shared;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// Karpenter v1's objects the platform writes (<c>EC2NodeClass</c>, <c>karpenter.k8s.aws/v1</c>; <c>NodePool</c>,
/// <c>karpenter.sh/v1</c>) as manifests real Karpenter accepts unchanged, and the fields of them it reads back.
/// </summary>
public static class KarpenterManifests
{
    /// <summary>The API group of NodePools and NodeClaims.</summary>
    public const string CoreGroup = "karpenter.sh";

    /// <summary>The API group of EC2NodeClasses.</summary>
    public const string AwsGroup = "karpenter.k8s.aws";

    /// <summary>The API version of both groups.</summary>
    public const string Version = "v1";

    /// <summary>The resource of NodePools.</summary>
    public const string NodePools = "nodepools";

    /// <summary>The resource of EC2NodeClasses.</summary>
    public const string NodeClasses = "ec2nodeclasses";

    /// <summary>What installs the CRDs of both groups, for the error of a cluster without them.</summary>
    public const string InstalledBy =
        "Karpenter v1 (its Helm chart, or the karpenter-crd chart alone, installs the NodePool, NodeClaim and EC2NodeClass CRDs)";

    /// <summary>The manifest of an EC2NodeClass.</summary>
    public static JsonObject NodeClassManifest(KarpenterNodeClass nodeClass)
    {
        ArgumentNullException.ThrowIfNull(nodeClass);
        var ebs = new JsonObject
        {
            ["volumeSize"] = nodeClass.RootVolumeSize,
            ["volumeType"] = nodeClass.RootVolumeType,
            ["encrypted"] = true,
            ["deleteOnTermination"] = true,
        };
        if (nodeClass.KmsKeyId is not null)
        {
            ebs["kmsKeyID"] = nodeClass.KmsKeyId;
        }

        JsonObject Discovery() => new() { ["tags"] = new JsonObject { ["karpenter.sh/discovery"] = nodeClass.Discovery } };
        var spec = new JsonObject
        {
            ["amiSelectorTerms"] = new JsonArray(new JsonObject { ["alias"] = nodeClass.AmiAlias }),
            ["role"] = nodeClass.Role,
            ["subnetSelectorTerms"] = new JsonArray(Discovery()),
            ["securityGroupSelectorTerms"] = new JsonArray(Discovery()),
            ["blockDeviceMappings"] = new JsonArray(new JsonObject { ["deviceName"] = nodeClass.RootDeviceName, ["rootVolume"] = true, ["ebs"] = ebs }),
            ["metadataOptions"] = new JsonObject
            {
                ["httpEndpoint"] = "enabled",
                ["httpProtocolIPv6"] = "disabled",
                ["httpPutResponseHopLimit"] = 1,
                ["httpTokens"] = nodeClass.HttpTokens,
            },
        };
        if (nodeClass.Tags.Count > 0)
        {
            spec["tags"] = Map(nodeClass.Tags);
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{AwsGroup}/{Version}",
            ["kind"] = "EC2NodeClass",
            ["metadata"] = Metadata(nodeClass.Name, nodeClass.Labels, nodeClass.Annotations),
            ["spec"] = spec,
        };
    }

    /// <summary>The manifest of a NodePool.</summary>
    public static JsonObject NodePoolManifest(KarpenterNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var requirements = new JsonArray();
        foreach (var r in pool.Requirements)
        {
            var requirement = new JsonObject { ["key"] = r.Key, ["operator"] = r.Operator };
            if (r.Values.Count > 0)
            {
                requirement["values"] = new JsonArray([.. r.Values.Select(v => (JsonNode)JsonValue.Create(v))]);
            }

            requirements.Add(requirement);
        }

        var template = new JsonObject
        {
            ["nodeClassRef"] = new JsonObject { ["group"] = AwsGroup, ["kind"] = "EC2NodeClass", ["name"] = pool.NodeClassName },
            ["requirements"] = requirements,
        };
        if (pool.Taints.Count > 0)
        {
            template["taints"] = new JsonArray([.. pool.Taints.Select(t => (JsonNode)Taint(t))]);
        }

        var spec = new JsonObject
        {
            ["template"] = new JsonObject { ["spec"] = template },
            ["disruption"] = new JsonObject
            {
                ["consolidationPolicy"] = pool.ConsolidationPolicy,
                ["consolidateAfter"] = GoDuration.Format(pool.ConsolidateAfter),
            },
        };
        if (pool.Limits.Count > 0)
        {
            spec["limits"] = Map(pool.Limits);
        }

        if (pool.Weight is { } weight)
        {
            spec["weight"] = weight;
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{CoreGroup}/{Version}",
            ["kind"] = "NodePool",
            ["metadata"] = Metadata(pool.Name, pool.Labels, pool.Annotations),
            ["spec"] = spec,
        };
    }

    /// <summary>The EC2NodeClass's fields the platform owns, from a live object, over <paramref name="template"/>.</summary>
    public static KarpenterNodeClass NodeClassOf(JsonObject live, KarpenterNodeClass template)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(template);
        var spec = live["spec"];
        var root = (spec?["blockDeviceMappings"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault();
        var aliases = (spec?["amiSelectorTerms"] as JsonArray ?? []).Select(t => Text(t?["alias"])).ToList();
        var subnets = (spec?["subnetSelectorTerms"] as JsonArray ?? []).Select(t => Text(t?["tags"]?["karpenter.sh/discovery"])).ToList();
        var groups = (spec?["securityGroupSelectorTerms"] as JsonArray ?? []).Select(t => Text(t?["tags"]?["karpenter.sh/discovery"])).ToList();
        return template with
        {
            // A selector the platform did not write (more terms, other terms) reads as drift: an empty value.
            AmiAlias = aliases.Count == 1 ? aliases[0] ?? "" : "",
            Role = Text(spec?["role"]) ?? "",
            Discovery = subnets.Count == 1 && groups.Count == 1 && subnets[0] == groups[0] ? subnets[0] ?? "" : "",
            RootDeviceName = Text(root?["deviceName"]) ?? "",
            RootVolumeSize = Text(root?["ebs"]?["volumeSize"]) ?? "",
            RootVolumeType = Text(root?["ebs"]?["volumeType"]) ?? "",
            KmsKeyId = Text(root?["ebs"]?["kmsKeyID"]),
            HttpTokens = Text(spec?["metadataOptions"]?["httpTokens"]) ?? "",
            Tags = StringMap(spec?["tags"]),
        };
    }

    /// <summary>The NodePool's fields the platform owns, from a live object, over <paramref name="template"/>.</summary>
    public static KarpenterNodePool NodePoolOf(JsonObject live, KarpenterNodePool template)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(template);
        var spec = live["spec"];
        var nodeSpec = spec?["template"]?["spec"];
        var after = Text(spec?["disruption"]?["consolidateAfter"]);
        return template with
        {
            NodeClassName = Text(nodeSpec?["nodeClassRef"]?["name"]) ?? "",
            Requirements = [.. (nodeSpec?["requirements"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new KarpenterRequirement(
                Text(r["key"]) ?? "", Text(r["operator"]) ?? "", [.. (r["values"] as JsonArray ?? []).Select(v => Text(v) ?? "")]))],
            Taints = [.. (nodeSpec?["taints"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new KarpenterTaint(
                Text(t["key"]) ?? "", Text(t["value"]) ?? "", Text(t["effect"]) ?? ""))],
            Limits = StringMap(spec?["limits"]),
            ConsolidationPolicy = Text(spec?["disruption"]?["consolidationPolicy"]) ?? "",

            // An unreadable duration (or Never) is drift: -1s never equals a desired duration.
            ConsolidateAfter = after is not null && GoDuration.TryParse(after, out var duration) ? duration : TimeSpan.FromSeconds(-1),
            Weight = spec?["weight"] is JsonValue w && w.TryGetValue<int>(out var weight) ? weight : null,
        };
    }

    private static JsonObject Taint(KarpenterTaint taint)
    {
        var json = new JsonObject { ["key"] = taint.Key, ["effect"] = taint.Effect };
        if (taint.Value.Length > 0)
        {
            json["value"] = taint.Value;
        }

        return json;
    }

    private static JsonObject Metadata(string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels.Count > 0)
        {
            metadata["labels"] = Map(labels);
        }

        if (annotations.Count > 0)
        {
            metadata["annotations"] = Map(annotations);
        }

        return metadata;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }

    private static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node as JsonObject ?? [])
        {
            if (Text(value) is { } text)
            {
                map[key] = text;
            }
        }

        return map;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
