using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Logs;
using static Piksel.Emulator.Aws.Tests.Logs.LogsTestKit;

namespace Piksel.Emulator.Aws.Tests.Logs;

/// <summary>Streams and events: put, read forward and backward, filter, CloudWatch's time window and ordering rules.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LogEventTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Events_are_put_and_read_back_in_both_directions()
    {
        using var logs = Client(fixture);
        var group = Group("events");
        await logs.CreateLogGroupAsync(group, cancellationToken: Ct);
        await logs.CreateLogStreamAsync(group, "main", Ct);
        await Fails(() => logs.CreateLogStreamAsync(group, "main", Ct), "ResourceAlreadyExistsException");
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await logs.PutLogEventsAsync(group, "main", [.. Enumerable.Range(0, 3).Select(i => new InputLogEvent(start.AddSeconds(i), $"line {i}"))], Ct);
        await logs.PutLogEventsAsync(group, "main", [.. Enumerable.Range(3, 2).Select(i => new InputLogEvent(start.AddSeconds(i), $"line {i}"))], Ct);

        var head = await logs.GetLogEventsAsync(group, "main", startFromHead: true, limit: 2, cancellationToken: Ct);
        Assert.Equal(["line 0", "line 1"], head.Events.Select(e => e.Message));
        var next = await logs.GetLogEventsAsync(group, "main", limit: 2, nextToken: head.NextForwardToken, cancellationToken: Ct);
        Assert.Equal(["line 2", "line 3"], next.Events.Select(e => e.Message));
        var tail = await logs.GetLogEventsAsync(group, "main", limit: 2, cancellationToken: Ct);
        Assert.Equal(["line 3", "line 4"], tail.Events.Select(e => e.Message));
        var back = await logs.GetLogEventsAsync(group, "main", limit: 2, nextToken: tail.NextBackwardToken, cancellationToken: Ct);
        Assert.Equal(["line 1", "line 2"], back.Events.Select(e => e.Message));
        Assert.All(head.Events, e => Assert.NotNull(e.IngestionTime));

        var stream = Assert.Single((await logs.DescribeLogStreamsAsync(group, cancellationToken: Ct)).LogStreams);
        Assert.Equal(start.ToUnixTimeMilliseconds(), stream.FirstEventTimestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(start.AddSeconds(4).ToUnixTimeMilliseconds(), stream.LastEventTimestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal($"arn:aws:logs:us-east-1:000000000000:log-group:{group}:log-stream:main", stream.Arn);

        var matches = await logs.FilterLogEventsAsync(group, "\"line 3\"", cancellationToken: Ct);
        Assert.Equal("main", Assert.Single(matches.Events).LogStreamName);
    }

    [Fact]
    public async Task Streams_are_listed_by_prefix_in_pages()
    {
        using var logs = Client(fixture);
        var group = Group("streams");
        await logs.CreateLogGroupAsync(group, cancellationToken: Ct);
        foreach (var name in new[] { "b", "a", "c", "other" }) await logs.CreateLogStreamAsync(group, name, Ct);
        var first = await logs.DescribeLogStreamsAsync(group, limit: 2, cancellationToken: Ct);
        Assert.Equal(["a", "b"], first.LogStreams.Select(s => s.LogStreamName));
        var second = await logs.DescribeLogStreamsAsync(group, limit: 2, nextToken: first.NextToken, cancellationToken: Ct);
        Assert.Equal(["c", "other"], second.LogStreams.Select(s => s.LogStreamName));
        Assert.Null(second.NextToken);
        Assert.Equal(["other"], (await logs.DescribeLogStreamsAsync(group, "o", cancellationToken: Ct)).LogStreams.Select(s => s.LogStreamName));
        await Fails(() => logs.DescribeLogStreamsAsync(Group("missing"), cancellationToken: Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Out_of_order_and_out_of_window_events_are_refused()
    {
        using var logs = Client(fixture);
        var group = Group("window");
        await logs.CreateLogGroupAsync(group, cancellationToken: Ct);
        await logs.CreateLogStreamAsync(group, "s", Ct);
        var now = DateTimeOffset.UtcNow;
        await Fails(() => logs.PutLogEventsAsync(group, "s", [new InputLogEvent(now, "b"), new InputLogEvent(now.AddSeconds(-1), "a")], Ct), "InvalidParameterException");
        var missing = await Fails(() => logs.PutLogEventsAsync(group, "nope", [new InputLogEvent(now, "x")], Ct), "ResourceNotFoundException");
        Assert.Equal("The specified log stream does not exist.", missing.ErrorMessage);

        await Fails(() => logs.PutLogEventsAsync(group, "s", [new InputLogEvent(now.AddDays(-2), "a"), new InputLogEvent(now, "b")], Ct), "InvalidParameterException");

        var old = await logs.PutLogEventsAsync(group, "s", [new InputLogEvent(now.AddDays(-15), "old"), new InputLogEvent(now.AddDays(-15).AddHours(1), "older")], Ct);
        Assert.Equal(2, old.TooOldLogEventEndIndex);
        var result = await logs.PutLogEventsAsync(group, "s", [new InputLogEvent(now.AddHours(-1), "kept"), new InputLogEvent(now.AddHours(3), "future")], Ct);
        Assert.Null(result.TooOldLogEventEndIndex);
        Assert.Equal(1, result.TooNewLogEventStartIndex);
        Assert.Equal(["kept"], (await logs.GetLogEventsAsync(group, "s", startFromHead: true, cancellationToken: Ct)).Events.Select(e => e.Message));
    }

    [Fact]
    public async Task Groups_streams_and_events_survive_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "piksel-logs-" + Guid.NewGuid().ToString("N"));
        var credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test");
        try
        {
            var options = new AwsEmulatorOptions { Port = 0, DataDirectory = dir };
            var at = DateTimeOffset.UtcNow.AddMinutes(-1);
            await using (var first = await AwsEmulator.StartAsync(options, cancellationToken: Ct))
            {
                using var logs = Client(first.Endpoint, credentials);
                await logs.CreateLogGroupAsync("/durable/app", cancellationToken: Ct);
                await logs.PutRetentionPolicyAsync("/durable/app", 30, Ct);
                await logs.CreateLogStreamAsync("/durable/app", "s", Ct);
                await logs.PutLogEventsAsync("/durable/app", "s", [new InputLogEvent(at, "kept across restarts")], Ct);
                await logs.CreateLogGroupAsync("/durable/gone", cancellationToken: Ct);
                await logs.DeleteLogGroupAsync("/durable/gone", Ct);
            }

            await using var second = await AwsEmulator.StartAsync(options, cancellationToken: Ct);
            using var again = Client(second.Endpoint, credentials);
            var group = Assert.Single((await again.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/durable/" }, Ct)).LogGroups);
            Assert.Equal("/durable/app", group.LogGroupName);
            Assert.Equal(30, group.RetentionInDays);
            var events = (await again.GetLogEventsAsync("/durable/app", "s", cancellationToken: Ct)).Events;
            Assert.Equal("kept across restarts", Assert.Single(events).Message);
            Assert.Equal(at.ToUnixTimeMilliseconds(), events[0].Timestamp.ToUnixTimeMilliseconds());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
