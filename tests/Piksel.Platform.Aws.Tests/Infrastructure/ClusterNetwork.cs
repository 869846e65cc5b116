using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;

namespace Piksel.Platform.Aws.Tests.Infrastructure;

/// <summary>
/// A VPC with two private subnets in two zones, made once and shared: EKS refuses a cluster without subnets in at
/// least two Availability Zones, and the cluster tests only need somewhere to put one.
/// </summary>
public sealed class ClusterNetwork(TestAwsAccess access)
{
    private readonly Lazy<Task<IReadOnlyList<string>>> subnetIds = new(() => CreateAsync(access));

    /// <summary>The two subnets' ids, made on first use.</summary>
    public Task<IReadOnlyList<string>> SubnetIdsAsync() => subnetIds.Value;

    private static async Task<IReadOnlyList<string>> CreateAsync(TestAwsAccess access)
    {
        using var ec2 = new AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials("test", "test"), AwsHandlerContext.SdkConfigFor<AmazonEC2Config>(access));
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.90.0.0/16" })).Vpc;
        var ids = new List<string>();
        foreach (var (zone, cidr) in new[] { ("us-east-1a", "10.90.0.0/24"), ("us-east-1b", "10.90.1.0/24") })
        {
            var subnet = await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, AvailabilityZone = zone, CidrBlock = cidr });
            ids.Add(subnet.Subnet.SubnetId);
        }

        return ids;
    }
}
