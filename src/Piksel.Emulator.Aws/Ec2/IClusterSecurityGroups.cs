namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// What EKS needs from EC2 to give a new cluster its cluster security group, as AWS does: the second seam between EC2
/// networking and EKS, beside <see cref="ISubnetLookup"/>.
/// </summary>
public interface IClusterSecurityGroups
{
    /// <summary>
    /// Creates the group <paramref name="groupName"/> in <paramref name="vpcId"/> with the rules EKS gives it (all traffic
    /// from itself, all traffic out), tagged with <paramref name="tags"/>; answers its id (sg-…).
    /// </summary>
    string Create(string accountId, string region, string vpcId, string groupName, string description, IReadOnlyDictionary<string, string> tags);

    /// <summary>Deletes the group <paramref name="groupId"/>; nothing happens when it is already gone.</summary>
    void Delete(string accountId, string region, string groupId);
}
