namespace Piksel.Platform.Spec.Aws;

/// <summary>An IAM instance profile, named by the resource's name, holding one role for EC2 instances. Output: <c>arn</c>.</summary>
public sealed record IamInstanceProfile : AwsResource
{
    /// <summary>The role the profile holds (no default: a profile without a role gives instances nothing).</summary>
    public required string RoleName { get; init; }
}
