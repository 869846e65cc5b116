namespace Piksel.Platform.Aws.Eks;

/// <summary>An EKS Fargate profile as DescribeFargateProfile answers it.</summary>
public sealed record EksFargateProfile
{
    /// <summary>The profile's name.</summary>
    public required string Name { get; init; }

    /// <summary>The profile's ARN.</summary>
    public required string Arn { get; init; }

    /// <summary><c>CREATING</c>, <c>ACTIVE</c>, <c>DELETING</c>, <c>CREATE_FAILED</c>, <c>DELETE_FAILED</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The pod execution role.</summary>
    public string PodExecutionRoleArn { get; init; } = "";

    /// <summary>The subnets.</summary>
    public IReadOnlyList<string> Subnets { get; init; } = [];

    /// <summary>The selectors: namespace and labels.</summary>
    public IReadOnlyList<(string Namespace, IReadOnlyDictionary<string, string> Labels)> Selectors { get; init; } = [];

    /// <summary>The profile's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
