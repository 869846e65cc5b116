using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Sqs.SqsRequest;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>Messages one at a time: send, receive (with long polling), delete, change visibility.</summary>
internal sealed class MessageOperations(SqsQueues queues) : IOperationGroup
{
    private static readonly string[] SystemAttributes = ["SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "MessageGroupId"];
    private readonly SqsMessages messages = new(queues);

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("SendMessage", "sqs:SendMessage", SendMessage)
        .Add("ReceiveMessage", "sqs:ReceiveMessage", ReceiveMessage)
        .Add("DeleteMessage", "sqs:DeleteMessage", DeleteMessage)
        .Add("ChangeMessageVisibility", "sqs:ChangeMessageVisibility", ChangeMessageVisibility);

    private OperationCall SendMessage(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        return Answer(context, access, () => messages.Send(find(), input, context.Caller.UserId));
    }

    private OperationCall ReceiveMessage(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var max = input.Int("MaxNumberOfMessages") ?? 1;
        if (max is < 1 or > 10)
            throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        var visibility = input.Int("VisibilityTimeout");
        if (visibility is < 0 or > 43_200)
            throw SqsErrors.InvalidParameterValue($"Value {visibility} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        var wait = input.Int("WaitTimeSeconds");
        if (wait is < 0 or > 20)
            throw SqsErrors.InvalidParameterValue($"Value {wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        var wanted = input.List("AttributeNames", "AttributeName").Concat(input.List("MessageSystemAttributeNames", "MessageSystemAttributeName")).ToHashSet(StringComparer.Ordinal);
        var attributeNames = input.List("MessageAttributeNames", "MessageAttributeName");

        return OperationCall.On(access, async () =>
        {
            var queue = find();
            var hidden = TimeSpan.FromSeconds(visibility ?? queue.Seconds("VisibilityTimeout"));
            var deadline = context.Time.GetUtcNow() + TimeSpan.FromSeconds(wait ?? queue.Seconds("ReceiveMessageWaitTimeSeconds"));
            var taken = messages.Take(queue, max, hidden);
            // Long poll: answer as soon as a message is sent or one hidden becomes visible, else empty at the deadline.
            while (taken.Count == 0 && context.Time.GetUtcNow() < deadline)
            {
                var until = messages.NextVisible(queue) is { } next && next < deadline ? next : deadline;
                await queues.WaitAsync(SqsQueues.Row(queue), until, context.Cancellation);
                queue = find();
                taken = messages.Take(queue, max, hidden);
            }
            var answer = new JsonObject();
            if (taken.Count > 0) answer["Messages"] = new JsonArray([.. taken.Select(m => (JsonNode)Describe(m, wanted, attributeNames))]);
            await SqsAnswer.WriteAsync(context, answer);
        });
    }

    private OperationCall DeleteMessage(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var handle = input.Required("ReceiptHandle");
        return Answer(context, access, () =>
        {
            messages.Delete(find(), handle);
            return Empty();
        });
    }

    private OperationCall ChangeMessageVisibility(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var handle = input.Required("ReceiptHandle");
        var timeout = input.Int("VisibilityTimeout");
        return Answer(context, access, () =>
        {
            messages.ChangeVisibility(find(), handle, timeout);
            return Empty();
        });
    }

    /// <summary>A received message with the system attributes and message attributes the caller asked for.</summary>
    private static JsonObject Describe(SqsMessageRecord message, HashSet<string> wanted, List<string> attributeNames)
    {
        var answer = new JsonObject
        {
            ["MessageId"] = message.MessageId,
            ["ReceiptHandle"] = message.ReceiptHandle,
            ["MD5OfBody"] = SqsDigest.OfBody(message.Body),
            ["Body"] = message.Body,
        };
        var system = new JsonObject();
        foreach (var name in SystemAttributes.Where(n => wanted.Contains("All") || wanted.Contains(n)))
        {
            var value = name switch
            {
                "SenderId" => message.SenderId,
                "SentTimestamp" => message.Sent.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "ApproximateReceiveCount" => message.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "ApproximateFirstReceiveTimestamp" => message.FirstReceived?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "MessageGroupId" => message.MessageGroupId,
                _ => null,
            };
            if (value is not null) system[name] = value;
        }
        if (system.Count > 0) answer["Attributes"] = system;
        var all = attributeNames.Any(n => n is "All" or ".*");
        var chosen = message.MessageAttributes
            .Where(a => all || attributeNames.Contains(a.Key) || attributeNames.Any(n => n.EndsWith(".*", StringComparison.Ordinal) && a.Key.StartsWith(n[..^1], StringComparison.Ordinal)))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (chosen.Count > 0)
        {
            answer["MD5OfMessageAttributes"] = SqsDigest.OfAttributes(chosen);
            answer["MessageAttributes"] = new JsonObject(chosen.Select(a =>
            {
                var value = new JsonObject();
                if (a.Value.StringValue is not null) value["StringValue"] = a.Value.StringValue;
                if (a.Value.BinaryValue is not null) value["BinaryValue"] = a.Value.BinaryValue;
                value["DataType"] = a.Value.DataType;
                return KeyValuePair.Create(a.Key, (JsonNode?)value);
            }));
        }
        return answer;
    }
}
