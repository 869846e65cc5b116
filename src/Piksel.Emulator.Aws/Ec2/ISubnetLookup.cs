namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// What other services (EKS's CreateCluster and Fargate profiles) need to know of a subnet, read from EC2's tables:
/// the one seam between EC2 networking and the services that place things into subnets.
/// </summary>
public interface ISubnetLookup
{
    /// <summary>The subnet <paramref name="subnetId"/> of <paramref name="accountId"/> in <paramref name="region"/>, or null when it does not exist.</summary>
    SubnetView? Find(string accountId, string region, string subnetId);
}
