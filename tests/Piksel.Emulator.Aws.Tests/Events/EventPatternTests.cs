using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Events;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Tests.Events;

/// <summary>Event patterns as EventBridge matches them: exact values, content filters, nested fields, arrays in events.</summary>
public sealed class EventPatternTests
{
    private static readonly JsonObject Spot = JsonNode.Parse("""
        {"version":"0","id":"1","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2","account":"000000000000",
         "time":"2026-12-07T00:00:00Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:000000000000:instance/i-1"],
         "detail":{"instance-id":"i-1","instance-action":"terminate","count":5,"tags":["a","b"]}}
        """)!.AsObject();

    [Theory]
    [InlineData("""{"source":["aws.ec2"],"detail-type":["EC2 Spot Instance Interruption Warning"]}""", true)]
    [InlineData("""{"source":["aws.ec2"],"detail-type":["EC2 Instance Rebalance Recommendation"]}""", false)]
    [InlineData("""{"source":["aws.health","aws.ec2"]}""", true)]
    [InlineData("""{"detail":{"instance-id":[{"prefix":"i-"}]}}""", true)]
    [InlineData("""{"detail":{"instance-id":[{"prefix":"vol-"}]}}""", false)]
    [InlineData("""{"detail":{"instance-action":[{"anything-but":["stop","hibernate"]}]}}""", true)]
    [InlineData("""{"detail":{"instance-action":[{"anything-but":"terminate"}]}}""", false)]
    [InlineData("""{"detail":{"instance-id":[{"exists":true}],"missing":[{"exists":false}]}}""", true)]
    [InlineData("""{"detail":{"missing":[{"exists":true}]}}""", false)]
    [InlineData("""{"detail":{"count":[{"numeric":[">=",5,"<",10]}]}}""", true)]
    [InlineData("""{"detail":{"count":[{"numeric":[">",5]}]}}""", false)]
    [InlineData("""{"detail":{"count":[5]}}""", true)]
    [InlineData("""{"detail":{"count":["5"]}}""", false)]
    [InlineData("""{"detail":{"tags":["b"]}}""", true)]
    [InlineData("""{"detail-type":[{"suffix":"Warning"}],"source":[{"equals-ignore-case":"AWS.EC2"}]}""", true)]
    [InlineData("""{"detail-type":[{"wildcard":"EC2 * Warning"}]}""", true)]
    [InlineData("""{"detail":{"instance-id":["i-2"]}}""", false)]
    public void A_pattern_matches_the_events_EventBridge_would_route(string pattern, bool matches) =>
        Assert.Equal(matches, EventPattern.Parse(pattern).Matches(Spot));

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"source":"aws.ec2"}""")]
    [InlineData("""{"source":[{"regex":"x"}]}""")]
    [InlineData("""{"detail":{}}""")]
    public void A_malformed_pattern_is_InvalidEventPatternException(string pattern) =>
        Assert.Equal("InvalidEventPatternException", Assert.Throws<AwsServiceException>(() => EventPattern.Parse(pattern)).Code);
}
