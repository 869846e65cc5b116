using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Sqs.SqsRequest;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>A queue's tags (at most 50): add or replace, remove by key, list.</summary>
internal sealed class QueueTagOperations(SqsQueues queues) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("TagQueue", "sqs:TagQueue", TagQueue)
        .Add("UntagQueue", "sqs:UntagQueue", UntagQueue)
        .Add("ListQueueTags", "sqs:ListQueueTags", ListQueueTags);

    private OperationCall TagQueue(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var tags = input.Map("Tags", "Tag", "Key", "Value");
        if (tags.Count == 0) throw SqsErrors.MissingParameter("Tags");
        return Answer(context, access with { ContextKeys = RequestTagKeys.Of(tags) }, () =>
        {
            Change(find(), current =>
            {
                var next = new Dictionary<string, string>(current, StringComparer.Ordinal);
                foreach (var (key, value) in tags) next[key] = value;
                return next.Count > 50 ? throw SqsErrors.TooManyTags() : next;
            });
            return Empty();
        });
    }

    private OperationCall UntagQueue(AwsRequestContext context)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var keys = input.List("TagKeys", "TagKey");
        if (keys.Count == 0) throw SqsErrors.MissingParameter("TagKeys");
        return Answer(context, access, () =>
        {
            Change(find(), current => current.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal));
            return Empty();
        });
    }

    private OperationCall ListQueueTags(AwsRequestContext context)
    {
        var (access, find) = Queue(context, queues, Input(context));
        return Answer(context, access, () =>
        {
            var tags = find().Tags;
            return tags.Count == 0 ? Empty() : new JsonObject { ["Tags"] = new JsonObject(tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))) };
        });
    }

    private void Change(SqsQueueRecord queue, Func<IReadOnlyDictionary<string, string>, Dictionary<string, string>> change) =>
        queues.Queues.Update(SqsQueues.Row(queue), current => current is null ? throw SqsErrors.NonExistentQueue() : current with { Tags = change(current.Tags) });
}
