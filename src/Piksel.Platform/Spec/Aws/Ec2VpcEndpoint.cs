namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// A gateway VPC endpoint (S3's, <c>com.amazonaws.&lt;region&gt;.s3</c>) on route tables, found again by its
/// <c>Name</c> tag. Its route tables change in place. Outputs: <c>id</c> (<c>vpce-…</c>), <c>arn</c>.
/// </summary>
public sealed record Ec2VpcEndpoint : AwsResource
{
    /// <summary>The resource id output (<c>vpce-…</c>).</summary>
    public const string IdOutput = "id";

    /// <summary>The VPC's id.</summary>
    [ForceNew]
    public required string VpcId { get; init; }

    /// <summary>The service (<c>com.amazonaws.ap-southeast-3.s3</c>).</summary>
    [ForceNew]
    public required string ServiceName { get; init; }

    /// <summary>The endpoint type. Default: <c>Gateway</c>.</summary>
    [ForceNew]
    public string VpcEndpointType { get; init; } = "Gateway";

    /// <summary>The route tables that get the endpoint's prefix-list route. Default: none.</summary>
    public IReadOnlyList<string> RouteTableIds { get; init; } = [];
}
