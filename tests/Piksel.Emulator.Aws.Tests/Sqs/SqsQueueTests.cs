using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Sqs.SqsTestKit;

namespace Piksel.Emulator.Aws.Tests.Sqs;

/// <summary>Queues: created once per name and attributes, found by name, listed, tagged, given attributes, deleted.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SqsQueueTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Creating_a_queue_again_with_the_same_attributes_answers_its_url_and_with_others_QueueAlreadyExists()
    {
        using var sqs = Client(fixture);
        var name = Queue("same");
        var url = await sqs.CreateQueueAsync(name, new Dictionary<string, string> { ["VisibilityTimeout"] = "60" }, cancellationToken: Ct);
        Assert.EndsWith($"/000000000000/{name}", url, StringComparison.Ordinal);
        Assert.Equal(url, await sqs.CreateQueueAsync(name, new Dictionary<string, string> { ["VisibilityTimeout"] = "60" }, cancellationToken: Ct));
        Assert.Equal(url, await sqs.CreateQueueAsync(name, cancellationToken: Ct));
        var error = await Fails(() => sqs.CreateQueueAsync(name, new Dictionary<string, string> { ["VisibilityTimeout"] = "61" }, cancellationToken: Ct), "QueueAlreadyExists");
        Assert.Contains("VisibilityTimeout", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(url, await sqs.GetQueueUrlAsync(name, Ct));
    }

    [Fact]
    public async Task A_missing_queue_is_NonExistentQueue_by_name_and_by_url()
    {
        using var sqs = Client(fixture);
        var error = await Fails(() => sqs.GetQueueUrlAsync(Queue("missing"), Ct), "AWS.SimpleQueueService.NonExistentQueue");
        Assert.Equal("The specified queue does not exist.", error.ErrorMessage);
        await Fails(() => sqs.SendMessageAsync($"{fixture.ServiceUrl}/000000000000/{Queue("missing")}", "x", cancellationToken: Ct), "AWS.SimpleQueueService.NonExistentQueue");
    }

    [Fact]
    public async Task Attributes_have_SQS_defaults_and_computed_values_and_bad_ones_are_refused()
    {
        using var sqs = Client(fixture);
        var url = await sqs.CreateQueueAsync(Queue("attrs"), new Dictionary<string, string> { ["MessageRetentionPeriod"] = "300" }, cancellationToken: Ct);
        var attributes = await sqs.GetQueueAttributesAsync(url, cancellationToken: Ct);
        Assert.Equal("300", attributes["MessageRetentionPeriod"]);
        Assert.Equal("30", attributes["VisibilityTimeout"]);
        Assert.Equal("true", attributes["SqsManagedSseEnabled"]);
        Assert.Equal(ArnOf(url), attributes["QueueArn"]);
        Assert.Equal("0", attributes["ApproximateNumberOfMessages"]);

        await sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "120", ["Policy"] = """{"Version":"2012-10-17","Statement":[]}""" }, Ct);
        var changed = await sqs.GetQueueAttributesAsync(url, ["VisibilityTimeout", "Policy"], Ct);
        Assert.Equal(["Policy", "VisibilityTimeout"], changed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("120", changed["VisibilityTimeout"]);

        await Fails(() => sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["MessageRetentionPeriod"] = "59" }, Ct), "InvalidAttributeValue");
        await Fails(() => sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["QueueArn"] = "x" }, Ct), "InvalidAttributeName");
        await Fails(() => sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["Policy"] = "not json" }, Ct), "InvalidAttributeValue");
        await Fails(() => sqs.GetQueueAttributesAsync(url, ["Nonsense"], Ct), "InvalidAttributeName");
    }

    [Fact]
    public async Task Queues_are_listed_by_prefix_tagged_untagged_and_deleted()
    {
        using var sqs = Client(fixture);
        var prefix = Queue("list")[..20];
        var a = await sqs.CreateQueueAsync(prefix + "-a", tags: new Dictionary<string, string> { ["team"] = "platform" }, cancellationToken: Ct);
        var b = await sqs.CreateQueueAsync(prefix + "-b", cancellationToken: Ct);
        Assert.Equal([a, b], await sqs.ListQueuesAsync(prefix, Ct));

        await sqs.TagQueueAsync(b, new Dictionary<string, string> { ["env"] = "dev", ["owner"] = "me" }, Ct);
        await sqs.UntagQueueAsync(b, ["owner"], Ct);
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev" }, await sqs.ListQueueTagsAsync(b, Ct));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "platform" }, await sqs.ListQueueTagsAsync(a, Ct));

        await sqs.DeleteQueueAsync(a, Ct);
        Assert.Equal([b], await sqs.ListQueuesAsync(prefix, Ct));
        await Fails(() => sqs.GetQueueAttributesAsync(a, cancellationToken: Ct), "AWS.SimpleQueueService.NonExistentQueue");
    }

    [Fact]
    public async Task A_queue_name_SQS_does_not_allow_is_refused()
    {
        using var sqs = Client(fixture);
        await Fails(() => sqs.CreateQueueAsync("has space", cancellationToken: Ct), "InvalidParameterValue");
        await Fails(() => sqs.CreateQueueAsync(new string('a', 81), cancellationToken: Ct), "InvalidParameterValue");
        await Fails(() => sqs.CreateQueueAsync(Queue("fifo")[..30] + ".fifo", cancellationToken: Ct), "InvalidParameterValue");
    }
}
