namespace Piksel.Platform.Spec.Aws;

/// <summary>An internet gateway attached to one VPC, found again by its <c>Name</c> tag. Outputs: <c>id</c>, <c>arn</c>.</summary>
public sealed record Ec2InternetGateway : AwsResource
{
    /// <summary>The resource id output (<c>igw-…</c>).</summary>
    public const string IdOutput = "id";

    /// <summary>The VPC it is attached to; re-attached in place when it is detached or attached elsewhere.</summary>
    public required string VpcId { get; init; }

    /// <summary>The gateway id, known once it exists.</summary>
    [NotAttribute]
    public OutputRef GatewayId => Output(IdOutput);
}
