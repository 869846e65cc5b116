using System.Text.Json.Nodes;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;
using static Piksel.Platform.Tests.Definition.DefinitionHelpers;

namespace Piksel.Platform.Tests.Definition;

/// <summary>What Karpenter's install makes in AWS: the interruption queue, the rules feeding it, the node profile and the nodes' access entry.</summary>
public sealed class KarpenterDefinitionTests
{
    private const string QueueArn = "arn:aws:sqs:ap-southeast-3:000000000000:piksel-local-karpenter-interruption";

    [Fact]
    public void The_interruption_queue_keeps_messages_300_seconds_encrypted_and_lets_only_EventBridge_and_SQS_send()
    {
        var queue = Assert.Single(Local.OfKind<SqsQueue>());
        Assert.Equal("piksel-local-karpenter-interruption", queue.Name);
        Assert.Equal((300, true), (queue.MessageRetentionSeconds, queue.SqsManagedSse));
        var statement = Assert.Single(queue.Policy!.Statements);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal(["events.amazonaws.com", "sqs.amazonaws.com"], statement.Principal!.Get("Service"));
        Assert.Equal(["sqs:SendMessage"], statement.Actions);
        Assert.Equal([QueueArn], statement.Resources);
        Assert.Equal("local", queue.Tags["piksel:environment"]);
    }

    [Fact]
    public void Four_rules_send_the_interruption_events_to_the_queue()
    {
        var rules = Local.OfKind<EventBridgeRule>().ToList();
        var patterns = rules.Select(r => JsonNode.Parse(r.EventPattern)!).Select(p => (p["source"]![0]!.GetValue<string>(), p["detail-type"]![0]!.GetValue<string>()));
        Assert.Equal(
        [
            ("aws.ec2", "EC2 Spot Instance Interruption Warning"),
            ("aws.ec2", "EC2 Instance Rebalance Recommendation"),
            ("aws.ec2", "EC2 Instance State-change Notification"),
            ("aws.health", "AWS Health Event"),
        ], patterns);
        Assert.All(rules, r =>
        {
            Assert.Equal(QueueArn, Assert.Single(r.Targets).Arn);
            Assert.True(r.Enabled);
            Assert.InRange(r.Name.Length, 1, 64);
            Assert.Contains(Local.OfKind<SqsQueue>().Single().Id, r.DependsOn);
        });
    }

    [Fact]
    public void The_node_role_has_an_instance_profile_and_an_EC2_LINUX_access_entry()
    {
        var profile = Assert.Single(Local.OfKind<IamInstanceProfile>());
        Assert.Equal(("piksel-local-node", "piksel-local-node"), (profile.Name, profile.RoleName));
        Assert.Contains(Local.Role("node").Id, profile.DependsOn);

        var entry = Local.OfKind<EksAccessEntry>().Single(e => e.Type == "EC2_LINUX");
        Assert.Equal(("piksel-local-cluster", "arn:aws:iam::000000000000:role/piksel-local-node"), (entry.ClusterName, entry.PrincipalArn));
        // EKS gives an EC2_LINUX entry system:nodes itself; it takes neither groups nor access policies.
        Assert.Empty(entry.KubernetesGroups);
        Assert.Empty(entry.AccessPolicies);
    }

    [Fact]
    public void Karpenters_role_may_read_the_AMI_parameters_and_receive_from_the_queue_but_not_send()
    {
        var grants = Local.Role("karpenter").Grants();
        Assert.Contains(("sqs:ReceiveMessage", QueueArn), grants);
        Assert.Contains(("sqs:DeleteMessage", QueueArn), grants);
        Assert.DoesNotContain(grants, g => g.Action == "sqs:SendMessage");
        Assert.Contains(grants, g => g.Action == "ssm:GetParameter" && g.Resource.StartsWith("arn:aws:ssm:ap-southeast-3::parameter/aws/service/", StringComparison.Ordinal));
    }
}
