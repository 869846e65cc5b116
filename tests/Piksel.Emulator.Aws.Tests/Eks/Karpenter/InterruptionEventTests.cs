using Piksel.Emulator.Aws.Eks.Karpenter;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>Routing of the interruption queue's EventBridge envelopes, as Karpenter routes them.</summary>
public sealed class InterruptionEventTests
{
    internal static string Envelope(string source, string detailType, string detail) =>
        $$"""{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"{{detailType}}","source":"{{source}}","account":"000000000000","time":"2026-12-07T11:00:00Z","region":"ap-southeast-3","resources":[],"detail":{{detail}}}""";

    [Theory]
    [InlineData("aws.ec2", "EC2 Spot Instance Interruption Warning", """{"instance-id":"i-1","instance-action":"terminate"}""", "SpotInterrupted", true)]
    [InlineData("aws.ec2", "EC2 Instance State-change Notification", """{"instance-id":"i-1","state":"stopping"}""", "InstanceStopping", true)]
    [InlineData("aws.ec2", "EC2 Instance State-change Notification", """{"instance-id":"i-1","state":"terminated"}""", "InstanceTerminating", true)]
    [InlineData("aws.ec2", "EC2 Instance Rebalance Recommendation", """{"instance-id":"i-1"}""", "SpotRebalanceRecommendation", false)]
    [InlineData("aws.health", "AWS Health Event", """{"service":"EC2","eventTypeCategory":"scheduledChange","affectedEntities":[{"entityValue":"i-1"}]}""", "InstanceUnhealthy", true)]
    public void Each_kind_names_its_instance_and_reason(string source, string detailType, string detail, string reason, bool deletes)
    {
        var parsed = InterruptionEvent.Parse(Envelope(source, detailType, detail));

        Assert.NotNull(parsed);
        Assert.Equal(["i-1"], parsed.InstanceIds);
        Assert.Equal((reason, deletes), (parsed.Reason, parsed.DeletesNode));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"version":"1","source":"aws.ec2","detail-type":"EC2 Spot Instance Interruption Warning","detail":{"instance-id":"i-1"}}""")]
    [InlineData("""{"version":"0","source":"aws.ec2","detail-type":"EC2 Instance State-change Notification","detail":{"instance-id":"i-1","state":"running"}}""")]
    [InlineData("""{"version":"0","source":"aws.s3","detail-type":"Object Created","detail":{}}""")]
    public void Other_messages_are_ignored(string body) => Assert.Null(InterruptionEvent.Parse(body));
}
