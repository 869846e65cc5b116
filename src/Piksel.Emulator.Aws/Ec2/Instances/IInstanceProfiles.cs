using System.Security.Cryptography;
using System.Text;
using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>Where EC2 finds the instance profile a launch names, and the role it hands the instance (passed by the caller).</summary>
public interface IInstanceProfiles
{
    /// <summary>The profile <paramref name="nameOrArn"/> names in <paramref name="account"/>, or null when there is none.</summary>
    InstanceProfileView? Find(string account, string nameOrArn);
}

/// <summary>An instance profile as EC2 sees it: its ARN and id, and its role's ARN (null for an empty profile).</summary>
public sealed record InstanceProfileView(string Arn, string Id, string? RoleArn);

/// <summary>
/// Profiles as the IAM console makes them, one per role with the role's name: the lookup until IAM's own instance
/// profile table is given to EC2 in its place (<see cref="Ec2Service"/>'s constructor takes any <see cref="IInstanceProfiles"/>).
/// </summary>
public sealed class RoleNamedInstanceProfiles(IamStore iam) : IInstanceProfiles
{
    /// <inheritdoc />
    public InstanceProfileView? Find(string account, string nameOrArn)
    {
        var name = nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && !nameOrArn.Contains($":{account}:instance-profile/", StringComparison.Ordinal)) return null;
        var role = iam.FindRole(account, name);
        if (role is null) return null;
        var id = "AIPA" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(account + "/" + name)))[..17];
        return new InstanceProfileView($"arn:aws:iam::{account}:instance-profile/{name}", id, role.Arn);
    }
}
