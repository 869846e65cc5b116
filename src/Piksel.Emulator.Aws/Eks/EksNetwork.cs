using System.Security.Cryptography;
using Piksel.Emulator.Aws.Ec2;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// What EKS reads from and makes in EC2: the subnets a cluster or Fargate profile names (they must exist, a cluster's
/// in one VPC and two zones, a profile's private), and the cluster security group EKS creates for each cluster.
/// </summary>
internal sealed class EksNetwork(ISubnetLookup subnets, IClusterSecurityGroups securityGroups)
{
    /// <summary>The subnets of a new cluster: each must exist, all in one VPC, in at least two zones.</summary>
    public IReadOnlyList<SubnetView> ClusterSubnets(string accountId, string region, IReadOnlyList<string> ids, string clusterName)
    {
        if (ids.Count == 0) throw EksErrors.InvalidParameter("Subnet Id is required", clusterName);
        var found = ids.Distinct(StringComparer.Ordinal).Select(id => Require(accountId, region, id, clusterName)).ToList();
        if (found.Select(s => s.VpcId).Distinct(StringComparer.Ordinal).Count() > 1)
            throw EksErrors.InvalidParameter("Subnets specified must belong to the same VPC", clusterName);
        if (found.Select(s => s.AvailabilityZone).Distinct(StringComparer.Ordinal).Count() < 2)
            throw EksErrors.InvalidParameter("Subnets specified must be in at least two different AZs", clusterName);
        return found;
    }

    /// <summary>The subnet <paramref name="id"/>; EKS relays EC2's InvalidSubnetID.NotFound as InvalidParameterException.</summary>
    public SubnetView Require(string accountId, string region, string id, string clusterName) =>
        subnets.Find(accountId, region, id)
            ?? throw EksErrors.InvalidParameter(
                $"The subnet ID '{id}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound; Request ID: {Guid.NewGuid()}; Proxy: null)",
                clusterName);

    /// <summary>The subnet <paramref name="id"/> when it still exists.</summary>
    public SubnetView? Find(string accountId, string region, string id) => subnets.Find(accountId, region, id);

    /// <summary>
    /// Creates <c>eks-cluster-sg-&lt;cluster&gt;-&lt;id&gt;</c> in the cluster's VPC (all traffic from itself, all out), tagged as
    /// EKS tags it; answers its id.
    /// </summary>
    public string CreateClusterSecurityGroup(string accountId, string region, string vpcId, string clusterName)
    {
        // EKS ends the name with ten digits (eks-cluster-sg-demo-1591364847).
        var suffix = string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"kubernetes.io/cluster/{clusterName}"] = "owned",
            ["aws:eks:cluster-name"] = clusterName,
            ["Name"] = $"eks-cluster-sg-{clusterName}-{suffix}",
        };
        return securityGroups.Create(accountId, region, vpcId, $"eks-cluster-sg-{clusterName}-{suffix}",
            "EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.", tags);
    }

    /// <summary>Deletes the cluster's security group (with the cluster).</summary>
    public void DeleteClusterSecurityGroup(string accountId, string region, string groupId) => securityGroups.Delete(accountId, region, groupId);
}
