using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// A cluster's system spec with no add-ons, Fargate profiles or associations: what a cluster holds until the EKS API
/// feeds it its own (the spec function given in <see cref="EksClusterHost"/>).
/// </summary>
internal static class EmptySystemSpec
{
    /// <summary>The empty spec of <paramref name="record"/>, with its service CIDR (kubernetesNetworkConfig) or EKS's default.</summary>
    public static ClusterSystemSpec For(EksClusterRecord record) =>
        new(record.Name, record.Arn, record.AccountId, record.Region, record.Version, ServiceCidr(record.NetworkConfig), [], [], []);

    private static string ServiceCidr(string networkConfig)
    {
        try
        {
            return JsonNode.Parse(networkConfig)?["serviceIpv4Cidr"] is JsonValue v && v.TryGetValue<string>(out var cidr) && cidr.Length > 0 ? cidr : "10.100.0.0/16";
        }
        catch (JsonException)
        {
            return "10.100.0.0/16";
        }
    }
}
