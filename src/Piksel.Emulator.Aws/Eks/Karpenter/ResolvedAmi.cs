using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// One AMI a node class resolved to, with the node requirements Karpenter publishes beside it in
/// <c>status.amis</c>: a launch takes the AMI whose requirements the chosen instance type's labels meet.
/// </summary>
/// <param name="Id">The AMI id.</param>
/// <param name="Name">The AMI name.</param>
/// <param name="Requirements">What an instance type must have to boot it.</param>
public sealed record ResolvedAmi(string Id, string Name, IReadOnlyList<AmiRequirement> Requirements)
{
    /// <summary>Whether a node of <paramref name="type"/> may boot this AMI.</summary>
    public bool Admits(KarpenterInstanceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var labels = type.Labels;
        return Requirements.All(r => r.IsMetBy(labels));
    }

    /// <summary>The first of <paramref name="amis"/> that <paramref name="type"/> may boot, or null.</summary>
    public static ResolvedAmi? For(IEnumerable<ResolvedAmi> amis, KarpenterInstanceType type) => amis.FirstOrDefault(a => a.Admits(type));

    /// <summary>
    /// The AMI of one AL2023 variant with the requirements Karpenter's AL2023 family gives it (aws provider
    /// <c>pkg/providers/amifamily/al2023.go</c>): every variant pins its architecture; nvidia needs a GPU count, neuron
    /// an accelerator count, and standard neither, so a GPU type never boots the standard image.
    /// </summary>
    /// <param name="id">The AMI id.</param>
    /// <param name="name">The AMI name.</param>
    /// <param name="architecture">The SSM path's architecture, <c>x86_64</c> or <c>arm64</c>.</param>
    /// <param name="variant"><c>standard</c>, <c>nvidia</c> or <c>neuron</c>.</param>
    public static ResolvedAmi Al2023(string id, string name, string architecture, string variant)
    {
        var requirements = new List<AmiRequirement> { new(KarpenterInstanceType.ArchLabel, "In", [architecture == "arm64" ? "arm64" : "amd64"]) };
        switch (variant)
        {
            case "nvidia":
                requirements.Add(new(KarpenterInstanceType.GpuCountLabel, "Exists", []));
                break;
            case "neuron":
                requirements.Add(new(KarpenterInstanceType.AcceleratorCountLabel, "Exists", []));
                break;
            default:
                requirements.Add(new(KarpenterInstanceType.GpuCountLabel, "DoesNotExist", []));
                requirements.Add(new(KarpenterInstanceType.AcceleratorCountLabel, "DoesNotExist", []));
                break;
        }
        return new ResolvedAmi(id, name, requirements);
    }

    /// <summary>This AMI as an entry of an EC2NodeClass's <c>status.amis</c>.</summary>
    public JsonObject ToStatus() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["requirements"] = new JsonArray([.. Requirements.Select(r => (JsonNode)r.ToJson())]),
    };
}

/// <summary>A node selector requirement on an instance type's labels.</summary>
/// <param name="Key">The label.</param>
/// <param name="Operator"><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</param>
/// <param name="Values">The values of <c>In</c>/<c>NotIn</c>.</param>
public sealed record AmiRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary>Whether <paramref name="labels"/> meet it.</summary>
    public bool IsMetBy(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "In" => has && Values.Contains(value!),
            "NotIn" => !has || !Values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            _ => false,
        };
    }

    /// <summary>As Kubernetes writes a requirement; Exists and DoesNotExist carry no values.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["key"] = Key, ["operator"] = Operator };
        if (Values.Count > 0) json["values"] = new JsonArray([.. Values.Select(v => (JsonNode)v)]);
        return json;
    }
}
