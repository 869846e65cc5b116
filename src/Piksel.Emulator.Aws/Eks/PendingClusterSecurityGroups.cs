using System.Security.Cryptography;
using Piksel.Emulator.Aws.Ec2;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Stand-in until EC2 implements <see cref="IClusterSecurityGroups"/> (Ec2Service.ClusterSecurityGroups): answers a
/// group id without making the group in EC2.
/// </summary>
internal sealed class PendingClusterSecurityGroups : IClusterSecurityGroups
{
    /// <inheritdoc />
    public string Create(string accountId, string region, string vpcId, string groupName, string description, IReadOnlyDictionary<string, string> tags) =>
        "sg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17];

    /// <inheritdoc />
    public void Delete(string accountId, string region, string groupId)
    {
    }
}
