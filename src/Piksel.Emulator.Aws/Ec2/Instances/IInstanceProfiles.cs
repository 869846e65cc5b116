namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>Where EC2 finds the instance profile a launch names, and the role it hands the instance (passed by the caller).</summary>
public interface IInstanceProfiles
{
    /// <summary>The profile <paramref name="nameOrArn"/> names in <paramref name="account"/>, or null when there is none.</summary>
    InstanceProfileView? Find(string account, string nameOrArn);
}

/// <summary>An instance profile as EC2 sees it: its ARN and id, and its role's ARN (null for an empty profile).</summary>
public sealed record InstanceProfileView(string Arn, string Id, string? RoleArn);
