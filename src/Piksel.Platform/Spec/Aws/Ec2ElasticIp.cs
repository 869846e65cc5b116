namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An Elastic IP address for use in a VPC (a NAT gateway's), found again by its <c>Name</c> tag. Outputs:
/// <c>allocationId</c> (<c>eipalloc-…</c>), <c>publicIp</c>, <c>arn</c>.
/// </summary>
public sealed record Ec2ElasticIp : AwsResource
{
    /// <summary>The allocation id output.</summary>
    public const string AllocationIdOutput = "allocationId";

    /// <summary>The public address output.</summary>
    public const string PublicIpOutput = "publicIp";

    /// <summary>The domain; only <c>vpc</c> exists since EC2-Classic retired. Default: <c>vpc</c>.</summary>
    [ForceNew]
    public string Domain { get; init; } = "vpc";

    /// <summary>The allocation id, known once the address is allocated.</summary>
    [NotAttribute]
    public OutputRef AllocationId => Output(AllocationIdOutput);
}
