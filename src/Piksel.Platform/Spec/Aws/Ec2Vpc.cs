namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A VPC, found again by its <c>Name</c> tag (EC2 names nothing else). Outputs: <c>id</c> (<c>vpc-…</c>), <c>arn</c>.
/// </summary>
public sealed record Ec2Vpc : AwsResource
{
    /// <summary>The resource id output (<c>vpc-…</c>).</summary>
    public const string IdOutput = "id";

    /// <summary>The IPv4 CIDR block; fixed at creation (a VPC's primary block cannot change).</summary>
    [ForceNew]
    public required string CidrBlock { get; init; }

    /// <summary>The Amazon DNS server answers in the VPC. Default: true (EKS needs it).</summary>
    public bool EnableDnsSupport { get; init; } = true;

    /// <summary>Instances get public DNS host names. Default: true (EKS needs it for nodes).</summary>
    public bool EnableDnsHostnames { get; init; } = true;

    /// <summary>The VPC id, known once it exists.</summary>
    [NotAttribute]
    public OutputRef VpcId => Output(IdOutput);
}
