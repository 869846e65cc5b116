namespace Piksel.Platform.Spec;

/// <summary>A resource that lives in an AWS account and carries the platform's tags.</summary>
public abstract record AwsResource : PlatformResource
{
    /// <summary>The ARN output every AWS handler reports.</summary>
    public const string ArnOutput = "arn";

    /// <summary>The account that owns the resource (no default: the definition names the account).</summary>
    [ForceNew]
    public required string Account { get; init; }

    /// <summary>The region, or null for global services (IAM). Default: null.</summary>
    [ForceNew]
    public string? Region { get; init; }

    /// <summary>
    /// Tags (default: none). The definition puts <c>piksel:environment</c>, <c>piksel:managed-by</c> and
    /// <c>Project</c> on every AWS resource; destroy finds what to remove by them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The resource's ARN, known once it exists.</summary>
    [NotAttribute]
    public OutputRef Arn => Output(ArnOutput);
}
