namespace Piksel.Platform.Spec.Aws;

/// <summary>A subnet of a VPC in one availability zone, found again by its <c>Name</c> tag. Outputs: <c>id</c>, <c>arn</c>.</summary>
public sealed record Ec2Subnet : AwsResource
{
    /// <summary>The resource id output (<c>subnet-…</c>).</summary>
    public const string IdOutput = "id";

    /// <summary>The VPC's id (usually a token of the <see cref="Ec2Vpc"/>).</summary>
    [ForceNew]
    public required string VpcId { get; init; }

    /// <summary>The IPv4 CIDR block, inside the VPC's.</summary>
    [ForceNew]
    public required string CidrBlock { get; init; }

    /// <summary>The zone name (<c>ap-southeast-3a</c>).</summary>
    [ForceNew]
    public required string AvailabilityZone { get; init; }

    /// <summary>Instances launched here get a public IPv4 address. Default: false.</summary>
    public bool MapPublicIpOnLaunch { get; init; }

    /// <summary>The subnet id, known once it exists.</summary>
    [NotAttribute]
    public OutputRef SubnetId => Output(IdOutput);
}
