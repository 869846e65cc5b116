using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Sqs.SqsRequest;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>A queue's attributes: the settable ones (policy, retention, visibility, encryption) and the counts SQS computes.</summary>
internal sealed class QueueAttributeOperations(SqsQueues queues) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("GetQueueAttributes", "sqs:GetQueueAttributes", GetQueueAttributes)
        .Add("SetQueueAttributes", "sqs:SetQueueAttributes", SetQueueAttributes);

    private OperationCall GetQueueAttributes(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var names = input.List("AttributeNames", "AttributeName");
        if (names.FirstOrDefault(n => !SqsQueueAttributes.IsKnown(n)) is { } unknown) throw SqsErrors.InvalidAttributeName(unknown);
        return Answer(context, access, () =>
        {
            var all = Everything(find());
            var wanted = names.Contains("All") ? all : all.Where(a => names.Contains(a.Key)).ToDictionary();
            var answer = new JsonObject();
            if (wanted.Count > 0) answer["Attributes"] = new JsonObject(wanted.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
            return answer;
        });
    }

    private OperationCall SetQueueAttributes(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var given = input.Map("Attributes", "Attribute", "Name", "Value");
        return Answer(context, access, () =>
        {
            var queue = find();
            SqsQueueAttributes.Validate(given, queue.IsFifo, creating: false);
            queues.Queues.Update(SqsQueues.Row(queue), current =>
            {
                if (current is null) throw SqsErrors.NonExistentQueue();
                var attributes = new Dictionary<string, string>(current.Attributes, StringComparer.Ordinal);
                foreach (var (name, value) in given)
                {
                    // An empty policy removes it, as SQS does.
                    if (value.Length == 0 && name is "Policy" or "RedrivePolicy" or "RedriveAllowPolicy" or "KmsMasterKeyId") attributes.Remove(name);
                    else attributes[name] = value;
                }
                if (given.ContainsKey("KmsMasterKeyId") && attributes.ContainsKey("KmsMasterKeyId")) attributes["SqsManagedSseEnabled"] = "false";
                if (given.TryGetValue("SqsManagedSseEnabled", out var sse) && sse == "true") attributes.Remove("KmsMasterKeyId");
                return current with { Attributes = attributes, LastModified = context.Time.GetUtcNow() };
            });
            return Empty();
        });
    }

    /// <summary>The queue's attributes with the computed ones: its ARN, message counts and timestamps (epoch seconds).</summary>
    private Dictionary<string, string> Everything(SqsQueueRecord queue)
    {
        var now = queues.Time.GetUtcNow();
        var live = queues.Live(queue);
        var all = new Dictionary<string, string>(queue.Attributes, StringComparer.Ordinal)
        {
            ["QueueArn"] = queue.Arn,
            ["ApproximateNumberOfMessages"] = Count(live.Count(m => m.VisibleAt <= now)),
            ["ApproximateNumberOfMessagesNotVisible"] = Count(live.Count(m => m.InFlight(now))),
            ["ApproximateNumberOfMessagesDelayed"] = Count(live.Count(m => m.ReceiptHandle is null && m.VisibleAt > now)),
            ["CreatedTimestamp"] = QueueOperations.Epoch(queue.Created),
            ["LastModifiedTimestamp"] = QueueOperations.Epoch(queue.LastModified),
        };
        return all;
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
