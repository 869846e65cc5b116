using Piksel.Platform.Policies;

namespace Piksel.Platform.Spec.Aws;

/// <summary>An IAM role: trust policy, inline policies, attached managed policies and an optional boundary. Output: <c>arn</c>.</summary>
public sealed record IamRole : AwsResource
{
    /// <summary>Path; part of the ARN, so a change replaces the role. Default: <c>/</c>.</summary>
    [ForceNew]
    public string Path { get; init; } = "/";

    /// <summary>Description. Default: empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>Who may assume the role (no default).</summary>
    public required PolicyDocument TrustPolicy { get; init; }

    /// <summary>Inline policies by name. Default: none.</summary>
    public IReadOnlyDictionary<string, PolicyDocument> InlinePolicies { get; init; } = new Dictionary<string, PolicyDocument>();

    /// <summary>Attached managed policy ARNs. Default: none.</summary>
    public IReadOnlyList<string> ManagedPolicyArns { get; init; } = [];

    /// <summary>Permissions boundary policy ARN. Default: none.</summary>
    public string? PermissionsBoundaryArn { get; init; }

    /// <summary>Longest session in seconds (3600–43200). Default: 3600.</summary>
    public int MaxSessionDuration { get; init; } = 3600;
}
