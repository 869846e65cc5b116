using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>EC2 networking's durable tables, how rows are keyed, and the lookups the operation groups share.</summary>
internal sealed class NetworkStore(StateStore store)
{
    public Table<VpcRecord> Vpcs { get; } = store.Table<VpcRecord>("ec2.vpcs");
    public Table<SubnetRecord> Subnets { get; } = store.Table<SubnetRecord>("ec2.subnets");
    public Table<InternetGatewayRecord> InternetGateways { get; } = store.Table<InternetGatewayRecord>("ec2.internet-gateways");
    public Table<RouteTableRecord> RouteTables { get; } = store.Table<RouteTableRecord>("ec2.route-tables");
    public Table<SecurityGroupRecord> SecurityGroups { get; } = store.Table<SecurityGroupRecord>("ec2.security-groups");

    /// <summary>The row key of a resource.</summary>
    public static string Row(INetworkResource resource) => Ec2Store.Row(resource.Account, resource.Region, resource.Id);

    /// <summary>The row key of <paramref name="id"/> in the caller's account and region.</summary>
    public static string Row(AwsRequestContext context, string id) => Ec2Store.Row(context.AccountId, context.Region, id);

    /// <summary>A new id: the prefix and 17 lowercase hex digits, as EC2 makes them.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17]}";

    /// <summary><c>arn:aws:ec2:&lt;region&gt;:&lt;account&gt;:&lt;type&gt;/&lt;id&gt;</c>.</summary>
    public static string Arn(AwsRequestContext context, string type, string id) => $"arn:aws:ec2:{context.Region}:{context.AccountId}:{type}/{id}";

    /// <summary>The rows of <paramref name="table"/> in the caller's account and region.</summary>
    public static IEnumerable<T> Mine<T>(Table<T> table, AwsRequestContext context) where T : class, INetworkResource =>
        table.Values.Where(r => r.Account == context.AccountId && r.Region == context.Region);

    public VpcRecord Vpc(AwsRequestContext context, string id) =>
        Vpcs.Find(Row(context, RequireId(id, "vpc"))) ?? throw NetworkErrors.VpcNotFound(id);

    public SubnetRecord Subnet(AwsRequestContext context, string id) =>
        Subnets.Find(Row(context, RequireId(id, "subnet"))) ?? throw NetworkErrors.SubnetNotFound(id);

    public InternetGatewayRecord InternetGateway(AwsRequestContext context, string id) =>
        InternetGateways.Find(Row(context, RequireId(id, "igw"))) ?? throw NetworkErrors.InternetGatewayNotFound(id);

    public RouteTableRecord RouteTable(AwsRequestContext context, string id) =>
        RouteTables.Find(Row(context, RequireId(id, "rtb"))) ?? throw NetworkErrors.RouteTableNotFound(id);

    public SecurityGroupRecord SecurityGroup(AwsRequestContext context, string id) =>
        SecurityGroups.Find(Row(context, RequireId(id, "sg"))) ?? throw NetworkErrors.SecurityGroupNotFound(id);

    /// <summary>The route table that routes <paramref name="subnet"/>: its explicit association, else the VPC's main table.</summary>
    public RouteTableRecord? RouteTableOf(SubnetRecord subnet)
    {
        var tables = RouteTables.Values.Where(t => t.Account == subnet.Account && t.Region == subnet.Region && t.VpcId == subnet.VpcId).ToList();
        return tables.FirstOrDefault(t => t.Associations.Any(a => a.SubnetId == subnet.Id)) ?? tables.FirstOrDefault(t => t.IsMain);
    }

    /// <summary>The condition keys of an existing resource: its tags under aws: and ec2:.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ResourceKeys(INetworkResource resource)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in resource.Tags)
        {
            keys["aws:ResourceTag/" + tag.Key] = [tag.Value];
            keys["ec2:ResourceTag/" + tag.Key] = [tag.Value];
        }
        return keys;
    }

    /// <summary>Refuses an id that is not <c>prefix-</c> and 8 or 17 lowercase hex digits, with EC2's Malformed code.</summary>
    public static string RequireId(string id, string prefix)
    {
        var head = prefix + "-";
        if (!id.StartsWith(head, StringComparison.Ordinal) || id.Length - head.Length is not (8 or 17) || !id[head.Length..].All(char.IsAsciiHexDigitLower))
            throw NetworkErrors.Malformed(prefix, id);
        return id;
    }

    /// <summary>EC2's answer to a CIDR that is not one.</summary>
    public static AwsServiceException BadCidr(string parameter, string text) =>
        Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter {parameter} is invalid. This is not a valid CIDR block.");
}
