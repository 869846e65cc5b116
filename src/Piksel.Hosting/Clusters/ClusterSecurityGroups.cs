using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// The security group EKS makes for a cluster (DescribeCluster's <c>clusterSecurityGroupId</c>), made as EKS makes it
/// for a recorded cluster: <c>eks-cluster-sg-&lt;cluster&gt;-&lt;ten digits&gt;</c> in the VPC of the cluster's first
/// subnet, tagged <c>aws:eks:cluster-name</c> and <c>kubernetes.io/cluster/&lt;cluster&gt;=owned</c>, so a rule naming
/// it as its source (the database's) is a rule EC2 accepts. An endpoint that serves no EC2, or a cluster with no
/// subnets, gets a stable id of EC2's form derived from the cluster's ARN instead: nothing can refer to a group there.
/// </summary>
/// <param name="aws">The provider's AWS access.</param>
public sealed class ClusterSecurityGroups(AwsHandlerContext aws)
{
    private const string ClusterNameTag = "aws:eks:cluster-name";

    /// <summary>The group of <paramref name="cluster"/> in <paramref name="region"/>, made when missing; its id.</summary>
    public async Task<string> EnsureAsync(EksCluster cluster, string region, string arn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.SubnetIds.Count == 0)
        {
            return Derived(arn);
        }

        var ec2 = await ClientAsync(cluster.Account, region, cancellationToken);
        try
        {
            return await AwsErrors.Guard($"Making the security group of cluster {cluster.Name}", async () =>
            {
                var subnets = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [cluster.SubnetIds[0]] }, cancellationToken);
                var vpcId = subnets.Subnets?.FirstOrDefault()?.VpcId
                    ?? throw new InvalidOperationException($"Cluster {cluster.Name}: subnet {cluster.SubnetIds[0]} does not exist.");
                if (await FindAsync(ec2, cluster.Name, vpcId, cancellationToken) is { } found)
                {
                    return found;
                }

                // EKS ends the name with ten digits (eks-cluster-sg-demo-1591364847).
                var name = $"eks-cluster-sg-{cluster.Name}-{RandomNumberGenerator.GetInt32(1_000_000_000, int.MaxValue)}";
                var created = await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
                {
                    GroupName = name,
                    VpcId = vpcId,
                    Description = "EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.",
                    TagSpecifications =
                    [
                        new TagSpecification
                        {
                            ResourceType = ResourceType.SecurityGroup,
                            Tags = [new Tag("Name", name), new Tag(ClusterNameTag, cluster.Name), new Tag($"kubernetes.io/cluster/{cluster.Name}", "owned")],
                        },
                    ],
                }, cancellationToken);
                return created.GroupId;
            });
        }
        catch (AmazonServiceException e) when (NotServed(e))
        {
            return Derived(arn);
        }
    }

    /// <summary>Deletes the group <paramref name="groupId"/> of a deleted cluster; one gone, or an id that was never EC2's, is not an error.</summary>
    public async Task DeleteAsync(string account, string region, string groupId, CancellationToken cancellationToken)
    {
        var ec2 = await ClientAsync(account, region, cancellationToken);
        try
        {
            await AwsErrors.Guard($"Deleting security group {groupId}", () =>
                ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = groupId }, cancellationToken));
        }
        catch (Exception e) when (AwsErrors.Is(e, "InvalidGroup.NotFound", "InvalidGroupId.NotFound", "InvalidGroupId.Malformed") || (e is AmazonServiceException s && NotServed(s)))
        {
            // Gone already, or derived on an endpoint without EC2.
        }
    }

    /// <summary>A stable id of EC2's form (<c>sg-</c> and 17 hex digits) for a cluster where EC2 is not served.</summary>
    public static string Derived(string clusterArn) =>
        "sg-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clusterArn)))[..17];

    private static async Task<string?> FindAsync(AmazonEC2Client ec2, string clusterName, string vpcId, CancellationToken cancellationToken)
    {
        var groups = await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            Filters = [new Filter($"tag:{ClusterNameTag}", [clusterName]), new Filter("vpc-id", [vpcId])],
        }, cancellationToken);
        return groups.SecurityGroups?.FirstOrDefault()?.GroupId;
    }

    // An endpoint without EC2 answers 404/501, or LocalStack's and moto's "not implemented" codes.
    private static bool NotServed(AmazonServiceException e) =>
        e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NotImplemented
        || e.ErrorCode is "InvalidAction" or "UnknownOperationException" or "NotImplemented";

    private Task<AmazonEC2Client> ClientAsync(string account, string region, CancellationToken cancellationToken) =>
        aws.SdkClientAsync<AmazonEC2Client, AmazonEC2Config>(this, account, region, (credentials, config) => new AmazonEC2Client(credentials, config), cancellationToken);
}
