using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// The environment's network (PLATFORM.md "Network"): the VPC <c>piksel-&lt;env&gt;-vpc</c> with DNS support and host
/// names, per zone a public and a private subnet (<see cref="SubnetLayout"/>), an internet gateway, NAT gateways with
/// Elastic IPs in the public subnets (one per zone in production, one shared elsewhere), a public route table to the
/// internet gateway, private route tables to the NAT gateways, and S3's gateway endpoint on the private tables.
/// Outputs <c>network.vpcId</c>.
/// </summary>
internal sealed class NetworkDefinition : IDefinitionArea
{
    /// <summary>The environment whose private subnets each get their own NAT gateway (and route table).</summary>
    public const string NatPerZoneEnvironment = "production";

    private const string Anywhere = "0.0.0.0/0";

    private readonly List<PlatformResource> resources = [];
    private readonly DefinitionContext context;
    private readonly Ec2Vpc vpc;

    /// <summary>The network of <paramref name="context"/>'s environment.</summary>
    public NetworkDefinition(DefinitionContext context)
    {
        this.context = context;
        var settings = context.Settings;
        var names = context.Names;
        var prefix = $"piksel-{settings.Name}";
        Layout = SubnetLayout.For(settings.VpcCidr, settings.Region, settings.AvailabilityZones);

        vpc = Add(new Ec2Vpc { Name = names.Vpc, Account = settings.Account, Region = settings.Region, CidrBlock = settings.VpcCidr.ToString(), Tags = Named(names.Vpc) });
        var publicSubnets = Layout.Select(z => Add(Subnet($"{prefix}-public-{z.Zone}", z.Zone, z.Public.ToString(), isPublic: true))).ToList();
        var privateSubnets = Layout.Select(z => Add(Subnet($"{prefix}-private-{z.Zone}", z.Zone, z.Private.ToString(), isPublic: false))).ToList();

        var igw = Add(new Ec2InternetGateway { Name = $"{prefix}-igw", Account = settings.Account, Region = settings.Region, VpcId = vpc.VpcId.Token, Tags = Named($"{prefix}-igw") });
        Add(new Ec2RouteTable
        {
            Name = $"{prefix}-public",
            Account = settings.Account,
            Region = settings.Region,
            VpcId = vpc.VpcId.Token,
            Routes = [new Ec2Route(Anywhere, GatewayId: igw.GatewayId.Token)],
            SubnetIds = [.. publicSubnets.Select(s => s.SubnetId.Token)],
            Tags = Named($"{prefix}-public"),
        });

        // Production: a NAT gateway and private route table per zone, so a zone's outage leaves the others their egress.
        var perZone = settings.Name == NatPerZoneEnvironment;
        var privateTables = new List<Ec2RouteTable>();
        for (var i = 0; i < (perZone ? Layout.Count : 1); i++)
        {
            var suffix = perZone ? $"-{Layout[i].Zone}" : string.Empty;
            var eip = Add(new Ec2ElasticIp { Name = $"{prefix}-nat{suffix}", Account = settings.Account, Region = settings.Region, Tags = Named($"{prefix}-nat{suffix}") });

            // EC2 fails a NAT gateway whose VPC has no internet gateway attached: the gateway comes first.
            var nat = Add(new Ec2NatGateway
            {
                Name = $"{prefix}-nat{suffix}",
                Account = settings.Account,
                Region = settings.Region,
                SubnetId = publicSubnets[i].SubnetId.Token,
                AllocationId = eip.AllocationId.Token,
                Tags = Named($"{prefix}-nat{suffix}"),
                DependsOn = [igw.Id],
            });
            privateTables.Add(Add(new Ec2RouteTable
            {
                Name = $"{prefix}-private{suffix}",
                Account = settings.Account,
                Region = settings.Region,
                VpcId = vpc.VpcId.Token,
                Routes = [new Ec2Route(Anywhere, NatGatewayId: nat.NatGatewayId.Token)],
                SubnetIds = perZone ? [privateSubnets[i].SubnetId.Token] : [.. privateSubnets.Select(s => s.SubnetId.Token)],
                Tags = Named($"{prefix}-private{suffix}"),
            }));
        }

        Add(new Ec2VpcEndpoint
        {
            Name = $"{prefix}-s3",
            Account = settings.Account,
            Region = settings.Region,
            VpcId = vpc.VpcId.Token,
            ServiceName = $"com.amazonaws.{settings.Region}.s3",
            RouteTableIds = [.. privateTables.Select(t => t.RouteTableId.Token)],
            Tags = Named($"{prefix}-s3"),
        });

        PrivateSubnetIds = [.. privateSubnets.Select(s => s.SubnetId.Token)];
        PrivateRouting = [.. privateTables.Select(t => t.Id)];
    }

    /// <summary>The VPC's id (a token).</summary>
    public string VpcId => vpc.VpcId.Token;

    /// <summary>The zones and their subnet blocks.</summary>
    public IReadOnlyList<ZoneSubnets> Layout { get; }

    /// <summary>The private subnets' ids (tokens), in zone order: the cluster's, the Fargate profiles'.</summary>
    public IReadOnlyList<string> PrivateSubnetIds { get; }

    /// <summary>The private route tables: once they exist, the private subnets have their egress through NAT.</summary>
    public IReadOnlyList<ResourceId> PrivateRouting { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [new("network.vpcId", vpc.VpcId.Token)];

    private Ec2Subnet Subnet(string name, string zone, string cidr, bool isPublic)
    {
        var cluster = context.Names.Cluster;
        var tags = new Dictionary<string, string>(Named(name), StringComparer.Ordinal)
        {
            ["SubnetType"] = isPublic ? "Public" : "Private",
            [isPublic ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"] = "1",
        };
        if (!isPublic)
        {
            // As the real accounts tag them: the cluster's own subnets, which Karpenter and the load balancer controller
            // find. Only these carry Karpenter's discovery tag: its node classes select by it, and nodes belong in private subnets.
            tags[$"kubernetes.io/cluster/{cluster}"] = "1";
            tags["karpenter.sh/discovery"] = cluster;
        }

        return new Ec2Subnet
        {
            Name = name,
            Account = context.Settings.Account,
            Region = context.Settings.Region,
            VpcId = vpc.VpcId.Token,
            CidrBlock = cidr,
            AvailabilityZone = zone,
            MapPublicIpOnLaunch = false,
            Tags = tags,
        };
    }

    // EC2 shows a resource's name from its Name tag; the platform finds it again by it.
    private Dictionary<string, string> Named(string name) =>
        new(context.Tags, StringComparer.Ordinal) { ["Name"] = name };

    private T Add<T>(T resource)
        where T : PlatformResource
    {
        resources.Add(resource);
        return resource;
    }
}
