using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Events;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Events;
using Piksel.Platform.Aws.Http;
using static Piksel.Emulator.Aws.Tests.Sqs.SqsTestKit;

namespace Piksel.Emulator.Aws.Tests.Events;

/// <summary>
/// Rules on the default bus and what reaches their SQS targets: events matched by pattern, delivered in EventBridge's
/// envelope when the queue's policy lets events.amazonaws.com send, AWS's own events published by the emulator.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class EventBridgeTests(EmulatorFixture fixture)
{
    private EventBridgeClient Events() =>
        new(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Region = "us-east-1", Credentials = fixture.RootCredentials, MaxAttempts = 1 });

    private static async Task<string> QueueForEventsAsync(Platform.Aws.Sqs.SqsClient sqs, string name)
    {
        var url = await sqs.CreateQueueAsync(name, cancellationToken: Ct);
        await sqs.SetQueueAttributesAsync(url, new Dictionary<string, string>
        {
            ["Policy"] = $$"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"{{ArnOf(url)}}"}]}
                """,
        }, Ct);
        return url;
    }

    [Fact]
    public async Task Rules_are_put_described_listed_disabled_and_deleted_only_without_targets()
    {
        using var events = Events();
        var name = "rule-" + Guid.NewGuid().ToString("N")[..12];
        var arn = await events.PutRuleAsync(name, """{"source":["my.app"]}""", "mine", tags: new Dictionary<string, string> { ["team"] = "k" }, cancellationToken: Ct);
        Assert.Equal($"arn:aws:events:us-east-1:000000000000:rule/{name}", arn);
        Assert.Equal(new EventRule(name, arn, """{"source":["my.app"]}""", "ENABLED", "mine"), await events.DescribeRuleAsync(name, Ct));
        Assert.Equal([name], (await events.ListRulesAsync(name[..10], Ct)).Select(r => r.Name));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "k" }, await events.ListTagsForResourceAsync(arn, Ct));

        await events.SetRuleEnabledAsync(name, false, Ct);
        Assert.Equal("DISABLED", (await events.DescribeRuleAsync(name, Ct)).State);
        await events.PutTargetsAsync(name, [new EventRuleTarget("q", "arn:aws:sqs:us-east-1:000000000000:nowhere")], Ct);
        Assert.Equal("ValidationException", (await Assert.ThrowsAsync<AwsApiException>(() => events.DeleteRuleAsync(name, Ct))).ErrorCode);
        await events.RemoveTargetsAsync(name, ["q"], Ct);
        Assert.Empty(await events.ListTargetsByRuleAsync(name, Ct));
        await events.DeleteRuleAsync(name, Ct);
        Assert.Equal("ResourceNotFoundException", (await Assert.ThrowsAsync<AwsApiException>(() => events.DescribeRuleAsync(name, Ct))).ErrorCode);
        Assert.Equal("InvalidEventPatternException", (await Assert.ThrowsAsync<AwsApiException>(() => events.PutRuleAsync(name, """{"source":"x"}""", cancellationToken: Ct))).ErrorCode);
    }

    [Fact]
    public async Task A_matching_event_reaches_the_target_queue_in_the_EventBridge_envelope()
    {
        using var events = Events();
        using var sqs = Client(fixture);
        var id = Guid.NewGuid().ToString("N")[..12];
        var url = await QueueForEventsAsync(sqs, "events-" + id);
        var blocked = await sqs.CreateQueueAsync("events-blocked-" + id, cancellationToken: Ct);
        var rule = "orders-" + id;
        var arn = await events.PutRuleAsync(rule, $$$"""{"source":["shop.{{{id}}}"],"detail":{"total":[{"numeric":[">",100]}]}}""", cancellationToken: Ct);
        await events.PutTargetsAsync(rule, [new EventRuleTarget("queue", ArnOf(url)), new EventRuleTarget("blocked", ArnOf(blocked))], Ct);

        var results = await events.PutEventsAsync(
        [
            new EventEntry($"shop.{id}", "Order Placed", """{"total":250}""", ["arn:aws:shop:::order/1"]),
            new EventEntry($"shop.{id}", "Order Placed", """{"total":5}"""),
            new EventEntry("aws.ec2", "EC2 Spot Instance Interruption Warning", "{}"),
            new EventEntry($"shop.{id}", "Order Placed", "not json"),
        ], Ct);
        Assert.NotNull(results[0].EventId);
        Assert.NotNull(results[1].EventId);
        Assert.Equal("NotAuthorizedForSourceException", results[2].ErrorCode);
        Assert.Equal("MalformedDetail", results[3].ErrorCode);

        var message = Assert.Single(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        var envelope = JsonNode.Parse(message.Body)!.AsObject();
        Assert.Equal(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"], envelope.Select(p => p.Key));
        Assert.Equal(("0", results[0].EventId, "Order Placed", $"shop.{id}", "000000000000", "us-east-1"),
            (envelope["version"]!.GetValue<string>(), envelope["id"]!.GetValue<string>(), envelope["detail-type"]!.GetValue<string>(),
             envelope["source"]!.GetValue<string>(), envelope["account"]!.GetValue<string>(), envelope["region"]!.GetValue<string>()));
        Assert.Equal(250, envelope["detail"]!["total"]!.GetValue<int>());
        Assert.Equal("arn:aws:shop:::order/1", envelope["resources"]![0]!.GetValue<string>());
        Assert.Equal("events.amazonaws.com", message.Attributes["SenderId"]);
        // The queue whose policy does not name EventBridge gets nothing.
        Assert.Empty(await sqs.ReceiveMessagesAsync(blocked, 10, cancellationToken: Ct));

        await events.SetRuleEnabledAsync(rule, false, Ct);
        await events.PutEventsAsync([new EventEntry($"shop.{id}", "Order Placed", """{"total":999}""")], Ct);
        Assert.Empty(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        Assert.EndsWith(rule, arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulators_own_AWS_events_reach_rules_that_match_them()
    {
        using var events = Events();
        using var sqs = Client(fixture);
        var id = Guid.NewGuid().ToString("N")[..12];
        var url = await QueueForEventsAsync(sqs, "state-" + id);
        var rule = "state-change-" + id;
        await events.PutRuleAsync(rule, """{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}""", cancellationToken: Ct);
        await events.PutTargetsAsync(rule, [new EventRuleTarget("1", ArnOf(url))], Ct);

        var bus = fixture.Emulator.Service<EventsService>()!.Bus;
        var eventId = bus.Publish(new AwsEvent
        {
            Source = "aws.ec2",
            DetailType = "EC2 Instance State-change Notification",
            Detail = new JsonObject { ["instance-id"] = $"i-{id}", ["state"] = "stopping" },
            Account = "000000000000",
            Region = "us-east-1",
            Resources = [$"arn:aws:ec2:us-east-1:000000000000:instance/i-{id}"],
        });
        bus.Publish(new AwsEvent { Source = "aws.ec2", DetailType = "EC2 Instance Rebalance Recommendation", Detail = [], Account = "000000000000", Region = "us-east-1" });
        bus.Publish(new AwsEvent { Source = "aws.ec2", DetailType = "EC2 Instance State-change Notification", Detail = [], Account = "111111111111", Region = "us-east-1" });

        var envelope = JsonNode.Parse(Assert.Single(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct)).Body)!;
        Assert.Equal((eventId, "stopping"), (envelope["id"]!.GetValue<string>(), envelope["detail"]!["state"]!.GetValue<string>()));
        await events.RemoveTargetsAsync(rule, ["1"], Ct);
        await events.DeleteRuleAsync(rule, Ct);
    }
}
