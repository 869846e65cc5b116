using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>The cluster object of CreateCluster/DescribeCluster/DeleteCluster, and the defaults EKS fills into its parts.</summary>
internal static class EksClusterJson
{
    /// <summary>The platform version reported for every cluster.</summary>
    public const string PlatformVersion = "eks.1";

    public static JsonObject Cluster(EksClusterRecord cluster)
    {
        var json = new JsonObject
        {
            ["name"] = cluster.Name,
            ["arn"] = cluster.Arn,
            ["createdAt"] = JsonProtocol.Epoch(cluster.CreatedAt),
            ["version"] = cluster.Version,
            ["roleArn"] = cluster.RoleArn,
            ["resourcesVpcConfig"] = JsonNode.Parse(cluster.VpcConfig),
            ["kubernetesNetworkConfig"] = JsonNode.Parse(cluster.NetworkConfig),
            ["logging"] = JsonNode.Parse(cluster.Logging),
            ["identity"] = new JsonObject { ["oidc"] = new JsonObject { ["issuer"] = cluster.Issuer } },
            ["status"] = cluster.Status,
            ["certificateAuthority"] = cluster.CertificateAuthorityData is { } data ? new JsonObject { ["data"] = data } : new JsonObject(),
            ["platformVersion"] = PlatformVersion,
            ["tags"] = EksTags.ToJson(cluster.Tags),
            ["health"] = new JsonObject { ["issues"] = new JsonArray() },
            ["accessConfig"] = new JsonObject
            {
                ["bootstrapClusterCreatorAdminPermissions"] = cluster.BootstrapClusterCreatorAdminPermissions,
                ["authenticationMode"] = cluster.AuthenticationMode,
            },
            ["upgradePolicy"] = new JsonObject { ["supportType"] = cluster.SupportType },
        };
        // EKS publishes the endpoint once the control plane is up (it is absent while CREATING).
        if (cluster.Port > 0 && cluster.Status is EksClusterStatus.Active or EksClusterStatus.Deleting)
            json["endpoint"] = $"https://127.0.0.1:{cluster.Port}";
        if (cluster.EncryptionConfig is { } encryption) json["encryptionConfig"] = JsonNode.Parse(encryption);
        if (cluster.ClientRequestToken is { } token) json["clientRequestToken"] = token;
        return json;
    }

    /// <summary>The cluster's VPC (null for a cluster kept from before clusters had subnets).</summary>
    public static string? VpcId(EksClusterRecord cluster) => Member(cluster.VpcConfig, "vpcId");

    /// <summary>The cluster security group EKS made for the cluster.</summary>
    public static string? ClusterSecurityGroupId(EksClusterRecord cluster) => Member(cluster.VpcConfig, "clusterSecurityGroupId");

    /// <summary>The subnets the cluster was created in.</summary>
    public static IReadOnlyList<string> ClusterSubnetIds(EksClusterRecord cluster) =>
        JsonNode.Parse(cluster.VpcConfig)?["subnetIds"] is JsonArray ids
            ? [.. ids.Select(JsonProtocol.Text).OfType<string>()]
            : [];

    /// <summary>The service CIDR of kubernetesNetworkConfig.</summary>
    public static string ServiceIpv4Cidr(EksClusterRecord cluster) => Member(cluster.NetworkConfig, "serviceIpv4Cidr") ?? "10.100.0.0/16";

    private static string? Member(string json, string name) =>
        JsonNode.Parse(json)?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>The subnet ids resourcesVpcConfig names.</summary>
    public static List<string> SubnetIds(JsonObject given, string clusterName) => Strings(given["subnetIds"], "resourcesVpcConfig.subnetIds", clusterName);

    /// <summary>
    /// resourcesVpcConfig as answered: the given subnets and groups, the subnets' VPC, endpoint access defaults; the
    /// cluster security group is added once it is made.
    /// </summary>
    public static JsonObject VpcConfig(JsonObject given, string clusterName, string vpcId)
    {
        var subnets = SubnetIds(given, clusterName);
        var groups = Strings(given["securityGroupIds"], "resourcesVpcConfig.securityGroupIds", clusterName);
        var publicAccess = given.OptionalBool("endpointPublicAccess") ?? true;
        var privateAccess = given.OptionalBool("endpointPrivateAccess") ?? false;
        if (!publicAccess && !privateAccess)
            throw EksErrors.InvalidParameter("Public and private access cannot both be disabled for cluster endpoint.", clusterName);
        var cidrs = given["publicAccessCidrs"] is null ? ["0.0.0.0/0"] : Strings(given["publicAccessCidrs"], "resourcesVpcConfig.publicAccessCidrs", clusterName);
        return new JsonObject
        {
            ["subnetIds"] = Array(subnets),
            ["securityGroupIds"] = Array(groups),
            ["vpcId"] = vpcId,
            ["endpointPublicAccess"] = publicAccess,
            ["endpointPrivateAccess"] = privateAccess,
            ["publicAccessCidrs"] = Array(publicAccess ? cidrs : []),
        };
    }

    /// <summary>kubernetesNetworkConfig with EKS's defaults: 10.100.0.0/16 for services, ipv4, load balancing off.</summary>
    public static JsonObject NetworkConfig(JsonObject? given, string clusterName)
    {
        var family = given?.OptionalString("ipFamily") ?? "ipv4";
        if (family is not ("ipv4" or "ipv6")) throw EksErrors.InvalidParameter($"ipFamily {family} is not valid; use ipv4 or ipv6.", clusterName);
        var cidr = given?.OptionalString("serviceIpv4Cidr") ?? "10.100.0.0/16";
        if (!System.Net.IPNetwork.TryParse(cidr, out var network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || network.PrefixLength is < 12 or > 24)
        {
            throw EksErrors.InvalidParameter($"serviceIpv4Cidr {cidr} is not valid: use an IPv4 CIDR block with a prefix between /12 and /24.", clusterName);
        }

        var balancing = (given?["elasticLoadBalancing"] as JsonObject)?.OptionalBool("enabled") ?? false;
        return new JsonObject
        {
            ["serviceIpv4Cidr"] = cidr,
            ["ipFamily"] = family,
            ["elasticLoadBalancing"] = new JsonObject { ["enabled"] = balancing },
        };
    }

    /// <summary>logging as EKS answers it: the enabled types, then the disabled rest.</summary>
    public static JsonObject Logging(JsonObject? given)
    {
        string[] types = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setup in given?.ObjectList("clusterLogging") ?? [])
        {
            var on = setup.OptionalBool("enabled") ?? false;
            foreach (var type in setup.StringList("types"))
                if (on) enabled.Add(type); else enabled.Remove(type);
        }
        var groups = new JsonArray();
        if (enabled.Count > 0) groups.Add(new JsonObject { ["types"] = Array([.. types.Where(enabled.Contains)]), ["enabled"] = true });
        if (enabled.Count < types.Length) groups.Add(new JsonObject { ["types"] = Array([.. types.Where(t => !enabled.Contains(t))]), ["enabled"] = false });
        return new JsonObject { ["clusterLogging"] = groups };
    }

    private static List<string> Strings(JsonNode? node, string member, string clusterName)
    {
        if (node is null) return [];
        if (node is not JsonArray array) throw EksErrors.InvalidParameter($"{member} must be a list of strings.", clusterName);
        return [.. array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw EksErrors.InvalidParameter($"{member} must be a list of strings.", clusterName))];
    }

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
