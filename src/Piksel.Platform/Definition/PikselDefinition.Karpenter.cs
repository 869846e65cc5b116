using Piksel.Platform.Policies;

namespace Piksel.Platform.Definition;

/// <summary>
/// Karpenter's policy: EC2 describe, launch and terminate limited to nodes tagged for the cluster, the AMI
/// parameters, passing the node role, and the interruption queue.
/// </summary>
internal sealed partial class PikselDefinition
{
    private const string DiscoveryTag = "karpenter.sh/discovery";

    private PolicyDocument KarpenterPolicy()
    {
        var region = Settings.Region;
        var account = Settings.Account;
        string Ec2(string type) => Arns.Ec2(Partition, region, account, type);
        string[] launched = [Ec2("instance"), Ec2("fleet"), Ec2("volume"), Ec2("network-interface"), Ec2("launch-template"), Ec2("spot-instances-request")];
        return new PolicyDocumentBuilder()
            .Allow(s => s.Sid("Describe").Actions(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets").Resources("*"))
            .Allow(s => s.Sid("LaunchTaggedNodes").Actions("ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate")
                .Resources(launched).StringEquals($"aws:RequestTag/{DiscoveryTag}", Names.Cluster))
            .Allow(s => s.Sid("LaunchIntoClusterNetwork").Actions("ec2:RunInstances", "ec2:CreateFleet")
                .Resources(Ec2("subnet"), Ec2("security-group"))
                .StringEquals($"aws:ResourceTag/{DiscoveryTag}", Names.Cluster))
            .Allow(s => s.Sid("LaunchFromAwsImages").Actions("ec2:RunInstances", "ec2:CreateFleet")
                .Resources(Arns.Ec2(Partition, region, "", "image"), Arns.Ec2(Partition, region, "", "snapshot")))
            .Allow(s => s.Sid("TagOnLaunch").Actions("ec2:CreateTags").Resources(launched)
                .StringEquals("ec2:CreateAction", "RunInstances", "CreateFleet", "CreateLaunchTemplate")
                .StringEquals($"aws:RequestTag/{DiscoveryTag}", Names.Cluster))
            .Allow(s => s.Sid("TerminateTaggedNodes").Actions("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate")
                .Resources(Ec2("instance"), Ec2("launch-template"))
                .StringEquals($"aws:ResourceTag/{DiscoveryTag}", Names.Cluster))
            .Allow(s => s.Sid("AmiParameters").Actions("ssm:GetParameter").Resources(Arns.SsmParameters(Partition, region, "", "/aws/service/")))
            .Allow(s => s.Sid("PassNodeRole").Actions("iam:PassRole").Resources(RoleArn("node"))
                .StringEquals("iam:PassedToService", "ec2.amazonaws.com"))
            .Allow(s => s.Sid("InterruptionQueue").Actions("sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage")
                .Resources(Arns.SqsQueue(Partition, region, account, Names.KarpenterQueue)))
            .Build();
    }
}
