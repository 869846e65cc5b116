using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Aws.Tests.Infrastructure;

namespace Piksel.Platform.Aws.Tests.Rds;

/// <summary>Clients for making changes behind the engine's back, and a VPC with two subnets in two zones for the database.</summary>
internal static class RdsClients
{
    public static RdsClient Rds(TestAwsAccess access) => new(new AwsClientOptions
    {
        Region = access.Region,
        ServiceUrl = access.ServiceUrl,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    });

    public static AmazonEC2Client Ec2(TestAwsAccess access) =>
        new(new Amazon.Runtime.BasicAWSCredentials("test", "test"), AwsHandlerContext.SdkConfigFor<AmazonEC2Config>(access));

    /// <summary>A new VPC (<paramref name="octet"/> picks its 10.x.0.0/16) and a subnet in each of two zones.</summary>
    public static async Task<(string VpcId, IReadOnlyList<string> SubnetIds)> NetworkAsync(TestAwsAccess access, int octet, CancellationToken cancellationToken)
    {
        using var ec2 = Ec2(access);
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = $"10.{octet}.0.0/16" }, cancellationToken)).Vpc;
        var ids = new List<string>();
        foreach (var (zone, cidr) in new[] { ("us-east-1a", $"10.{octet}.0.0/24"), ("us-east-1b", $"10.{octet}.1.0/24") })
        {
            ids.Add((await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, AvailabilityZone = zone, CidrBlock = cidr }, cancellationToken)).Subnet.SubnetId);
        }

        return (vpc.VpcId, ids);
    }
}
