using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// The instance profiles IAM holds (CreateInstanceProfile, AddRoleToInstanceProfile), as EC2 finds the one a launch
/// names: by name, or by ARN in the caller's account. A role without a profile of its own cannot be named, as on AWS,
/// where EC2 answers <c>InvalidParameterValue</c> for a profile that does not exist.
/// </summary>
public sealed class IamInstanceProfiles(IamStore iam) : IInstanceProfiles
{
    /// <inheritdoc />
    public InstanceProfileView? Find(string account, string nameOrArn)
    {
        ArgumentNullException.ThrowIfNull(nameOrArn);
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && !nameOrArn.Contains($":{account}:instance-profile/", StringComparison.Ordinal)) return null;
        // An ARN carries the profile's path before its name; the name is unique in the account.
        var name = nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;
        if (iam.InstanceProfiles.Find(IamStore.Key(account, name)) is not { } profile) return null;
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && nameOrArn != profile.Arn) return null;
        var role = profile.RoleNames.Select(r => iam.FindRole(account, r)).OfType<RoleRecord>().FirstOrDefault();
        return new InstanceProfileView(profile.Arn, profile.InstanceProfileId, role?.Arn);
    }
}
