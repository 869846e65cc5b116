using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>
/// Karpenter's side of the platform. Its role and service account are a row of the IRSA table (the identity area);
/// this area holds what that row grants (EC2 describe, launch and terminate limited to nodes tagged for the cluster,
/// the AMI parameters, passing the node role, the interruption queue) and what Karpenter's install makes: the
/// interruption queue with the four EventBridge rules that feed it, the node role's instance profile and the
/// EC2_LINUX access entry that makes the node role's instances nodes (<c>system:nodes</c>); and the EC2NodeClasses
/// <c>default</c> and <c>gpu</c> and the NodePools <c>default</c> (c, m, r and t families, on-demand and spot) and
/// <c>gpu</c> (g5 with one GPU, at most 30 GPUs, tainted <c>nvidia.com/gpu=true:NoSchedule</c>), as PLATFORM.md gives them.
/// </summary>
internal sealed class KarpenterDefinition : IDefinitionArea
{
    /// <summary>The tag that marks what Karpenter may launch into and terminate (its value is the cluster's name).</summary>
    public const string DiscoveryTag = "karpenter.sh/discovery";

    /// <summary>The AL2023 release the node classes pin (the staging account's, terraform-iac karpenter/nodeclasses.tf).</summary>
    public const string AmiAlias = "al2023@v20260403";

    /// <summary>The NodePool and EC2NodeClass of general workloads.</summary>
    public const string DefaultPool = "default";

    /// <summary>The NodePool and EC2NodeClass of GPU workloads.</summary>
    public const string GpuPool = "gpu";

    /// <summary>The GPU pool's limit of <c>nvidia.com/gpu</c>.</summary>
    public const int GpuLimit = 30;

    private readonly List<PlatformResource> resources = [];

    /// <summary>
    /// Karpenter for <paramref name="cluster"/>, launching nodes with the role <paramref name="nodeRoleArn"/> on root
    /// volumes encrypted with <paramref name="platformKeyArn"/>.
    /// </summary>
    public KarpenterDefinition(DefinitionContext context, ClusterReference cluster, string vpcId, string nodeRoleArn, OutputRef platformKeyArn)
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

        var queueArn = Arns.SqsQueue(partition, region, account, context.Names.KarpenterQueue);
        Queue = new SqsQueue
        {
            Name = context.Names.KarpenterQueue,
            Account = account,
            Region = region,
            // Interruption notices are worth nothing after their two minutes; Karpenter's own install keeps them 300 s.
            MessageRetentionSeconds = 300,
            SqsManagedSse = true,
            Policy = QueuePolicy(queueArn),
            Tags = context.Tags,
        };
        Rules = [.. InterruptionEvents.Select(e => new EventBridgeRule
        {
            Name = $"{context.Names.KarpenterQueue}-{e.Suffix}",
            Account = account,
            Region = region,
            EventPattern = e.Pattern,
            Description = $"Karpenter interruption: {e.Description}",
            Targets = [new EventBridgeTarget("KarpenterInterruptionQueueTarget", queueArn)],
            Tags = context.Tags,
            DependsOn = [Queue.Id],
        })];
        var nodeRole = context.Names.Role("node");
        NodeInstanceProfile = new IamInstanceProfile
        {
            Name = nodeRole,
            Account = account,
            RoleName = nodeRole,
            Tags = context.Tags,
            DependsOn = [new ResourceId(nameof(IamRole), nodeRole)],
        };
        NodeAccessEntry = new EksAccessEntry
        {
            Name = $"{cluster.Name}/nodes",
            Account = account,
            Region = region,
            ClusterName = cluster.Name,
            PrincipalArn = nodeRoleArn,
            Type = "EC2_LINUX",
            Tags = context.Tags,
            DependsOn = [cluster.Id, new ResourceId(nameof(IamRole), nodeRole)],
        };
        // EKS does not tag the cluster security group it makes, so the nodes get a group of their own that carries the
        // discovery tag (as terraform-aws-eks's node security group does), admitting the control plane and the pods.
        var nodeGroupName = $"{context.Names.Role("node")}s";
        NodeSecurityGroup = new Ec2SecurityGroup
        {
            Name = nodeGroupName,
            Account = account,
            Region = region,
            VpcId = vpcId,
            Description = $"Karpenter's nodes of {cluster.Name}",
            Ingress = [new Ec2SecurityGroupRule("tcp", 0, 65535, SourceSecurityGroupId: new OutputRef(cluster.Id, EksCluster.ClusterSecurityGroupIdOutput).Token,
                Description: "The control plane and the cluster's pods")],
            Tags = new Dictionary<string, string>(context.Tags, StringComparer.Ordinal)
            {
                ["Name"] = nodeGroupName,
                [DiscoveryTag] = cluster.Name,
                [$"kubernetes.io/cluster/{cluster.Name}"] = "owned",
            },
            DependsOn = [cluster.Id],
        };
        AddNodeObjects(context, cluster, nodeRoleArn[(nodeRoleArn.LastIndexOf('/') + 1)..], platformKeyArn);
    }

    /// <summary>The security group Karpenter's nodes launch into (found by <see cref="DiscoveryTag"/>).</summary>
    public Ec2SecurityGroup NodeSecurityGroup { get; }

    /// <summary>The events Karpenter acts on: suffix of the rule's name, what it is, and its pattern.</summary>
    private static readonly (string Suffix, string Description, string Pattern)[] InterruptionEvents =
    [
        ("spot-interruption", "spot interruption warning", """{"source":["aws.ec2"],"detail-type":["EC2 Spot Instance Interruption Warning"]}"""),
        ("rebalance", "rebalance recommendation", """{"source":["aws.ec2"],"detail-type":["EC2 Instance Rebalance Recommendation"]}"""),
        ("instance-state-change", "instance state change", """{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}"""),
        ("scheduled-change", "AWS Health scheduled change", """{"source":["aws.health"],"detail-type":["AWS Health Event"]}"""),
    ];

    /// <summary>The policy of Karpenter's IRSA role.</summary>
    public PolicyDocument Policy { get; }

    /// <summary>The interruption queue.</summary>
    public SqsQueue Queue { get; }

    /// <summary>The rules that put interruption events on <see cref="Queue"/>.</summary>
    public IReadOnlyList<EventBridgeRule> Rules { get; }

    /// <summary>The instance profile Karpenter's nodes get the node role through.</summary>
    public IamInstanceProfile NodeInstanceProfile { get; }

    /// <summary>The access entry that makes the node role's instances nodes.</summary>
    public EksAccessEntry NodeAccessEntry { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => [Queue, .. Rules, NodeInstanceProfile, NodeAccessEntry, NodeSecurityGroup, .. resources];

    /// <summary>
    /// EventBridge (and SQS itself) may send; the account's principals use the queue through their identity policies.
    /// Karpenter's install also denies requests made without TLS; that statement waits for the embedded AWS endpoint to
    /// serve TLS, since over its plain HTTP it would lock out every caller, this platform's apply included.
    /// </summary>
    private static PolicyDocument QueuePolicy(string queueArn) => new PolicyDocumentBuilder()
        .Allow(s => s.Sid("EventBridgeAndSqsSend").Principal(PolicyPrincipal.Service("events.amazonaws.com", "sqs.amazonaws.com"))
            .Actions("sqs:SendMessage").Resources(queueArn))
        .Build();

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];

    private void AddNodeObjects(DefinitionContext context, ClusterReference cluster, string nodeRoleName, OutputRef platformKeyArn)
    {
        KarpenterNodeClass NodeClass(string name, string nodeGroup) => new()
        {
            Name = name,
            Cluster = cluster.Name,
            AmiAlias = AmiAlias,
            Role = nodeRoleName,
            Discovery = cluster.Name,
            KmsKeyId = platformKeyArn.Token,
            // As the real accounts tag their nodes: the default tags and the node group's name.
            Tags = new Dictionary<string, string>(context.Tags, StringComparer.Ordinal) { ["NodeGroup"] = nodeGroup },
            Labels = context.Labels,
            DependsOn = [cluster.Id, platformKeyArn.Resource, NodeSecurityGroup.Id],
        };
        var defaultClass = NodeClass(DefaultPool, "Others");
        var gpuClass = NodeClass(GpuPool, "GPU");
        resources.Add(defaultClass);
        resources.Add(gpuClass);

        // One minute, not the real pools' 20: idle nodes go away soon enough to watch by hand on the local platform.
        var consolidateAfter = TimeSpan.FromMinutes(1);
        resources.Add(new KarpenterNodePool
        {
            Name = DefaultPool,
            Cluster = cluster.Name,
            NodeClassName = defaultClass.Name,
            Requirements =
            [
                KarpenterRequirement.In("karpenter.k8s.aws/instance-family", "c5", "c6i", "m5", "m6i", "r5", "r6i", "t3"),
                KarpenterRequirement.In("karpenter.sh/capacity-type", "on-demand", "spot"),
                KarpenterRequirement.In("kubernetes.io/arch", "amd64"),
                KarpenterRequirement.In("kubernetes.io/os", "linux"),
            ],
            Limits = new Dictionary<string, string> { ["cpu"] = "10000" },
            ConsolidationPolicy = "WhenEmptyOrUnderutilized",
            ConsolidateAfter = consolidateAfter,
            Labels = context.Labels,
            DependsOn = [defaultClass.Id],
        });
        resources.Add(new KarpenterNodePool
        {
            Name = GpuPool,
            Cluster = cluster.Name,
            NodeClassName = gpuClass.Name,
            Requirements =
            [
                KarpenterRequirement.In("node.kubernetes.io/instance-type", "g5.xlarge", "g5.2xlarge", "g5.4xlarge"),
                KarpenterRequirement.In("karpenter.sh/capacity-type", "on-demand"),
                KarpenterRequirement.In("kubernetes.io/arch", "amd64"),
                KarpenterRequirement.In("kubernetes.io/os", "linux"),
            ],
            Taints = [new KarpenterTaint("nvidia.com/gpu", "true", "NoSchedule")],
            Limits = new Dictionary<string, string> { ["nvidia.com/gpu"] = GpuLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ConsolidationPolicy = "WhenEmptyOrUnderutilized",
            ConsolidateAfter = consolidateAfter,
            Labels = context.Labels,
            DependsOn = [gpuClass.Id],
        });
    }
}
