using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Sqs;

/// <summary>
/// Typed Amazon SQS client (awsJson1.0, <c>X-Amz-Target: AmazonSQS.&lt;Op&gt;</c>, signing name <c>sqs</c>) for AWS and
/// the embedded emulator alike. Errors surface as <see cref="AwsApiException"/> with SQS's query codes
/// (<c>AWS.SimpleQueueService.NonExistentQueue</c>, <c>QueueAlreadyExists</c>, <c>AccessDenied</c>…).
/// </summary>
public sealed class SqsClient(AwsClientOptions options) : JsonApiClient(options, "sqs", "AmazonSQS", "1.0")
{
    /// <summary>Creates a queue (or answers the URL of the same queue with the same attributes).</summary>
    public async Task<string> CreateQueueAsync(string name, IReadOnlyDictionary<string, string>? attributes = null, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["QueueName"] = name };
        if (attributes is { Count: > 0 }) body["Attributes"] = Map(attributes);
        if (tags is { Count: > 0 }) body["tags"] = Map(tags);
        return Str(await CallAsync("CreateQueue", body, cancellationToken), "QueueUrl")!;
    }

    /// <summary>The URL of the queue <paramref name="name"/>.</summary>
    public async Task<string> GetQueueUrlAsync(string name, CancellationToken cancellationToken = default) =>
        Str(await CallAsync("GetQueueUrl", new JsonObject { ["QueueName"] = name }, cancellationToken), "QueueUrl")!;

    /// <summary>The URLs of the region's queues whose names start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> ListQueuesAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        if (prefix is not null) body["QueueNamePrefix"] = prefix;
        return [.. ((await CallAsync("ListQueues", body, cancellationToken))["QueueUrls"] as JsonArray ?? []).Select(u => u!.GetValue<string>())];
    }

    /// <summary>The queue's attributes (all of them unless <paramref name="names"/> says which).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string>? names = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray([.. (names ?? ["All"]).Select(n => (JsonNode)n)]) };
        return Strings((await CallAsync("GetQueueAttributes", body, cancellationToken))["Attributes"] as JsonObject);
    }

    /// <summary>Sets attributes (an empty Policy removes the policy).</summary>
    public Task SetQueueAttributesAsync(string queueUrl, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
        CallAsync("SetQueueAttributes", new JsonObject { ["QueueUrl"] = queueUrl, ["Attributes"] = Map(attributes) }, cancellationToken);

    /// <summary>Sends one message, delayed by <paramref name="delaySeconds"/> if given.</summary>
    public async Task<SqsSent> SendMessageAsync(string queueUrl, string messageBody, int? delaySeconds = null,
        IReadOnlyDictionary<string, string>? stringAttributes = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["QueueUrl"] = queueUrl, ["MessageBody"] = messageBody };
        if (delaySeconds is { } delay) body["DelaySeconds"] = delay;
        if (stringAttributes is { Count: > 0 })
            body["MessageAttributes"] = new JsonObject(stringAttributes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)new JsonObject { ["DataType"] = "String", ["StringValue"] = a.Value })));
        var json = await CallAsync("SendMessage", body, cancellationToken);
        return new SqsSent(Str(json, "MessageId")!, Str(json, "MD5OfMessageBody")!, Str(json, "MD5OfMessageAttributes"));
    }

    /// <summary>Sends up to ten messages, each under its own id; each succeeds or fails on its own.</summary>
    public async Task<SqsBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyDictionary<string, string> bodiesById, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bodiesById);
        var entries = new JsonArray([.. bodiesById.Select(e => (JsonNode)new JsonObject { ["Id"] = e.Key, ["MessageBody"] = e.Value })]);
        var json = await CallAsync("SendMessageBatch", new JsonObject { ["QueueUrl"] = queueUrl, ["Entries"] = entries }, cancellationToken);
        return new SqsBatchResult(
            [.. (json["Successful"] as JsonArray ?? []).OfType<JsonObject>().Select(e => Str(e, "Id")!)],
            (json["Failed"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(e => Str(e, "Id")!, e => Str(e, "Code")!));
    }

    /// <summary>Receives up to <paramref name="max"/> messages, long-polling up to <paramref name="waitSeconds"/> for the first.</summary>
    public async Task<IReadOnlyList<SqsMessage>> ReceiveMessagesAsync(string queueUrl, int max = 1, int? waitSeconds = null, int? visibilityTimeout = null,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = max, ["MessageSystemAttributeNames"] = new JsonArray("All") };
        if (waitSeconds is { } wait) body["WaitTimeSeconds"] = wait;
        if (visibilityTimeout is { } visibility) body["VisibilityTimeout"] = visibility;
        var json = await CallAsync("ReceiveMessage", body, cancellationToken);
        return [.. (json["Messages"] as JsonArray ?? []).OfType<JsonObject>().Select(m =>
            new SqsMessage(Str(m, "MessageId")!, Str(m, "ReceiptHandle")!, Str(m, "Body")!, Str(m, "MD5OfBody")!, Strings(m["Attributes"] as JsonObject)))];
    }

    /// <summary>Deletes the message a receipt handle was given for.</summary>
    public Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = receiptHandle }, cancellationToken);

    /// <summary>Makes an in-flight message visible again after <paramref name="seconds"/>.</summary>
    public Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int seconds, CancellationToken cancellationToken = default) =>
        CallAsync("ChangeMessageVisibility", new JsonObject { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = receiptHandle, ["VisibilityTimeout"] = seconds }, cancellationToken);

    /// <summary>Deletes every message in the queue (once a minute).</summary>
    public Task PurgeQueueAsync(string queueUrl, CancellationToken cancellationToken = default) =>
        CallAsync("PurgeQueue", new JsonObject { ["QueueUrl"] = queueUrl }, cancellationToken);

    /// <summary>Deletes the queue and its messages.</summary>
    public Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteQueue", new JsonObject { ["QueueUrl"] = queueUrl }, cancellationToken);

    /// <summary>Adds or replaces tags.</summary>
    public Task TagQueueAsync(string queueUrl, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        CallAsync("TagQueue", new JsonObject { ["QueueUrl"] = queueUrl, ["Tags"] = Map(tags) }, cancellationToken);

    /// <summary>Removes tags by key.</summary>
    public Task UntagQueueAsync(string queueUrl, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        CallAsync("UntagQueue", new JsonObject { ["QueueUrl"] = queueUrl, ["TagKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) }, cancellationToken);

    /// <summary>The queue's tags.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListQueueTagsAsync(string queueUrl, CancellationToken cancellationToken = default) =>
        Strings((await CallAsync("ListQueueTags", new JsonObject { ["QueueUrl"] = queueUrl }, cancellationToken))["Tags"] as JsonObject);

    private static JsonObject Map(IReadOnlyDictionary<string, string> values) => new(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value)));

    private static Dictionary<string, string> Strings(JsonObject? map) =>
        (map ?? []).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
}
