namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A public NAT gateway in a public subnet with an Elastic IP, found again by its <c>Name</c> tag. Nothing but tags
/// changes in place. Outputs: <c>id</c> (<c>nat-…</c>), <c>arn</c>.
/// </summary>
public sealed record Ec2NatGateway : AwsResource
{
    /// <summary>The resource id output (<c>nat-…</c>).</summary>
    public const string IdOutput = "id";

    /// <summary>The public subnet it lives in.</summary>
    [ForceNew]
    public required string SubnetId { get; init; }

    /// <summary>The Elastic IP's allocation id.</summary>
    [ForceNew]
    public required string AllocationId { get; init; }

    /// <summary>Connectivity: <c>public</c> (through the internet gateway). Default: <c>public</c>.</summary>
    [ForceNew]
    public string ConnectivityType { get; init; } = "public";

    /// <summary>The NAT gateway id, known once it exists.</summary>
    [NotAttribute]
    public OutputRef NatGatewayId => Output(IdOutput);
}
