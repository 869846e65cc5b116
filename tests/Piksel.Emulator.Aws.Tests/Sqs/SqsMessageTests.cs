using Piksel.Emulator.Aws.Tests.Eks;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Sqs.SqsTestKit;

namespace Piksel.Emulator.Aws.Tests.Sqs;

/// <summary>
/// Messages through their life on the emulator's clock: sent with SQS's digest, hidden for the visibility timeout once
/// received, visible again when it passes, gone after the retention period or when deleted; long polls that return as
/// soon as a message is sent; batches answered entry by entry.
/// </summary>
public sealed class SqsMessageTests : IAsyncLifetime
{
    private readonly OffsetClock clock = new();
    private AwsEmulator emulator = null!;

    public async ValueTask InitializeAsync() =>
        emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromHours(3) }, cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await emulator.DisposeAsync();

    private Platform.Aws.Sqs.SqsClient Sqs() => Client(emulator.Endpoint, new Amazon.Runtime.BasicAWSCredentials("test", "test"));

    [Fact]
    public async Task A_received_message_is_hidden_for_the_visibility_timeout_then_received_again_until_deleted()
    {
        using var sqs = Sqs();
        var url = await sqs.CreateQueueAsync(Queue("visibility"), new Dictionary<string, string> { ["VisibilityTimeout"] = "30" }, cancellationToken: Ct);
        var sent = await sqs.SendMessageAsync(url, "hello", stringAttributes: new Dictionary<string, string> { ["kind"] = "greeting" }, cancellationToken: Ct);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", sent.Md5OfMessageBody);
        Assert.NotNull(sent.Md5OfMessageAttributes);

        var first = Assert.Single(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        Assert.Equal(("hello", sent.MessageId, "1"), (first.Body, first.MessageId, first.Attributes["ApproximateReceiveCount"]));
        Assert.Empty(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        var counts = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], Ct);
        Assert.Equal(("0", "1"), (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]));

        clock.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);

        // The first receive's handle is stale: deleting with it succeeds but leaves the message, as SQS documents.
        await sqs.DeleteMessageAsync(url, first.ReceiptHandle, Ct);
        clock.Advance(TimeSpan.FromSeconds(31));
        var third = Assert.Single(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        await sqs.DeleteMessageAsync(url, third.ReceiptHandle, Ct);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
    }

    [Fact]
    public async Task Messages_older_than_the_retention_period_are_gone()
    {
        using var sqs = Sqs();
        var url = await sqs.CreateQueueAsync(Queue("retention"), new Dictionary<string, string> { ["MessageRetentionPeriod"] = "300" }, cancellationToken: Ct);
        await sqs.SendMessageAsync(url, "old", cancellationToken: Ct);
        clock.Advance(TimeSpan.FromSeconds(200));
        await sqs.SendMessageAsync(url, "young", cancellationToken: Ct);
        clock.Advance(TimeSpan.FromSeconds(101));
        Assert.Equal("1", (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"], Ct))["ApproximateNumberOfMessages"]);
        Assert.Equal("young", Assert.Single(await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct)).Body);
    }

    [Fact]
    public async Task A_delayed_message_and_a_visibility_change_follow_the_clock()
    {
        using var sqs = Sqs();
        var url = await sqs.CreateQueueAsync(Queue("delay"), cancellationToken: Ct);
        await sqs.SendMessageAsync(url, "later", delaySeconds: 60, cancellationToken: Ct);
        Assert.Equal("1", (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessagesDelayed"], Ct))["ApproximateNumberOfMessagesDelayed"]);
        Assert.Empty(await sqs.ReceiveMessagesAsync(url, cancellationToken: Ct));
        clock.Advance(TimeSpan.FromSeconds(61));
        var message = Assert.Single(await sqs.ReceiveMessagesAsync(url, visibilityTimeout: 600, cancellationToken: Ct));

        await sqs.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 0, Ct);
        var again = Assert.Single(await sqs.ReceiveMessagesAsync(url, cancellationToken: Ct));
        await Fails(() => sqs.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 10, Ct), "AWS.SimpleQueueService.MessageNotInflight");
        await Fails(() => sqs.ChangeMessageVisibilityAsync(url, "bm90IGEgaGFuZGxl", 10, Ct), "ReceiptHandleIsInvalid");
        await sqs.DeleteMessageAsync(url, again.ReceiptHandle, Ct);
    }

    [Fact]
    public async Task A_long_poll_returns_the_message_sent_while_it_waits()
    {
        using var sqs = Sqs();
        using var sender = Sqs();
        var url = await sqs.CreateQueueAsync(Queue("longpoll"), cancellationToken: Ct);
        var receive = sqs.ReceiveMessagesAsync(url, waitSeconds: 20, cancellationToken: Ct);
        await Task.Delay(200, Ct);
        Assert.False(receive.IsCompleted);
        await sender.SendMessageAsync(url, "wake up", cancellationToken: Ct);
        Assert.Equal("wake up", Assert.Single(await receive).Body);
    }

    [Fact]
    public async Task A_batch_is_answered_entry_by_entry_and_a_malformed_batch_as_a_whole()
    {
        using var sqs = Sqs();
        var url = await sqs.CreateQueueAsync(Queue("batch"), new Dictionary<string, string> { ["MaximumMessageSize"] = "1024" }, cancellationToken: Ct);
        var result = await sqs.SendMessageBatchAsync(url, new Dictionary<string, string> { ["a"] = "one", ["b"] = new string('x', 2000), ["c"] = "three" }, Ct);
        Assert.Equal(["a", "c"], result.Successful);
        Assert.Equal("InvalidParameterValue", result.Failed["b"]);
        Assert.Equal(["one", "three"], (await sqs.ReceiveMessagesAsync(url, 10, cancellationToken: Ct)).Select(m => m.Body));

        await Fails(() => sqs.SendMessageBatchAsync(url, new Dictionary<string, string>(), Ct), "AWS.SimpleQueueService.EmptyBatchRequest");
        await Fails(() => sqs.SendMessageBatchAsync(url, Enumerable.Range(0, 11).ToDictionary(i => $"m{i}", i => "x"), Ct), "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
        await Fails(() => sqs.SendMessageBatchAsync(url, new Dictionary<string, string> { ["bad id!"] = "x" }, Ct), "AWS.SimpleQueueService.InvalidBatchEntryId");
    }

    [Fact]
    public async Task Receive_limits_and_purge_are_checked()
    {
        using var sqs = Sqs();
        var url = await sqs.CreateQueueAsync(Queue("purge"), cancellationToken: Ct);
        await Fails(() => sqs.ReceiveMessagesAsync(url, 11, cancellationToken: Ct), "InvalidParameterValue");
        await Fails(() => sqs.ReceiveMessagesAsync(url, waitSeconds: 21, cancellationToken: Ct), "InvalidParameterValue");
        await sqs.SendMessageAsync(url, "x", cancellationToken: Ct);
        await sqs.PurgeQueueAsync(url, Ct);
        Assert.Empty(await sqs.ReceiveMessagesAsync(url, cancellationToken: Ct));
        await Fails(() => sqs.PurgeQueueAsync(url, Ct), "AWS.SimpleQueueService.PurgeQueueInProgress");
        clock.Advance(TimeSpan.FromSeconds(61));
        await sqs.PurgeQueueAsync(url, Ct);
    }
}
