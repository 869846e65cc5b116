using Piksel.Platform.Policies;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>
/// Karpenter's side of the platform. Its role and service account are a row of the IRSA table (the identity area);
/// this area holds what that row grants: EC2 describe, launch and terminate limited to nodes tagged for the cluster,
/// the AMI parameters, passing the node role, and the interruption queue. It makes no resource of its own yet.
/// </summary>
internal sealed class KarpenterDefinition : IDefinitionArea
{
    /// <summary>The tag that marks what Karpenter may launch into and terminate (its value is the cluster's name).</summary>
    public const string DiscoveryTag = "karpenter.sh/discovery";

    /// <summary>Karpenter for <paramref name="cluster"/>, launching nodes with the role <paramref name="nodeRoleArn"/>.</summary>
    public KarpenterDefinition(DefinitionContext context, ClusterReference cluster, string nodeRoleArn)
    {
        var partition = context.Partition;
        var region = context.Settings.Region;
        var account = context.Settings.Account;
        string Ec2(string type) => Arns.Ec2(partition, region, account, type);
        string[] launched = [Ec2("instance"), Ec2("fleet"), Ec2("volume"), Ec2("network-interface"), Ec2("launch-template"), Ec2("spot-instances-request")];
        Policy = new PolicyDocumentBuilder()
            .Allow(s => s.Sid("Describe").Actions(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets").Resources("*"))
            .Allow(s => s.Sid("LaunchTaggedNodes").Actions("ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate")
                .Resources(launched).StringEquals($"aws:RequestTag/{DiscoveryTag}", cluster.Name))
            .Allow(s => s.Sid("LaunchIntoClusterNetwork").Actions("ec2:RunInstances", "ec2:CreateFleet")
                .Resources(Ec2("subnet"), Ec2("security-group"))
                .StringEquals($"aws:ResourceTag/{DiscoveryTag}", cluster.Name))
            .Allow(s => s.Sid("LaunchFromAwsImages").Actions("ec2:RunInstances", "ec2:CreateFleet")
                .Resources(Arns.Ec2(partition, region, "", "image"), Arns.Ec2(partition, region, "", "snapshot")))
            .Allow(s => s.Sid("TagOnLaunch").Actions("ec2:CreateTags").Resources(launched)
                .StringEquals("ec2:CreateAction", "RunInstances", "CreateFleet", "CreateLaunchTemplate")
                .StringEquals($"aws:RequestTag/{DiscoveryTag}", cluster.Name))
            .Allow(s => s.Sid("TerminateTaggedNodes").Actions("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate")
                .Resources(Ec2("instance"), Ec2("launch-template"))
                .StringEquals($"aws:ResourceTag/{DiscoveryTag}", cluster.Name))
            .Allow(s => s.Sid("AmiParameters").Actions("ssm:GetParameter").Resources(Arns.SsmParameters(partition, region, "", "/aws/service/")))
            .Allow(s => s.Sid("PassNodeRole").Actions("iam:PassRole").Resources(nodeRoleArn)
                .StringEquals("iam:PassedToService", "ec2.amazonaws.com"))
            .Allow(s => s.Sid("InterruptionQueue").Actions("sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage")
                .Resources(Arns.SqsQueue(partition, region, account, context.Names.KarpenterQueue)))
            .Build();
    }

    /// <summary>The policy of Karpenter's IRSA role.</summary>
    public PolicyDocument Policy { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => [];

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];
}
