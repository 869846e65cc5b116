using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Sqs.SqsRequest;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// The batch forms (up to ten entries, each with a caller-chosen Id): each entry succeeds or fails on its own, answered
/// in Successful and Failed; a malformed batch (empty, too long, repeated ids) fails as a whole. Authorized with the
/// single operation's action, as IAM has no batch actions.
/// </summary>
internal sealed partial class MessageBatchOperations(SqsQueues queues) : IOperationGroup
{
    private readonly SqsMessages messages = new(queues);

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("SendMessageBatch", "sqs:SendMessage", SendMessageBatch)
        .Add("DeleteMessageBatch", "sqs:DeleteMessage", DeleteMessageBatch)
        .Add("ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility", ChangeMessageVisibilityBatch);

    private OperationCall SendMessageBatch(AwsRequestContext context) =>
        Batch(context, "SendMessageBatchRequestEntry", (queue, entry) => messages.Send(queue, entry, context.Caller.UserId));

    private OperationCall DeleteMessageBatch(AwsRequestContext context) =>
        Batch(context, "DeleteMessageBatchRequestEntry", (queue, entry) =>
        {
            messages.Delete(queue, entry.Required("ReceiptHandle"));
            return [];
        });

    private OperationCall ChangeMessageVisibilityBatch(AwsRequestContext context) =>
        Batch(context, "ChangeMessageVisibilityBatchRequestEntry", (queue, entry) =>
        {
            messages.ChangeVisibility(queue, entry.Required("ReceiptHandle"), entry.Int("VisibilityTimeout"));
            return [];
        });

    private OperationCall Batch(AwsRequestContext context, string queryEntry, Func<SqsQueueRecord, SqsInput, JsonObject> each)
    {
        var input = Input(context);
        var (access, find) = Queue(context, queues, input);
        var entries = input.Entries("Entries", queryEntry);
        if (entries.Count == 0) throw SqsErrors.EmptyBatch();
        if (entries.Count > 10) throw SqsErrors.TooManyEntries(entries.Count);
        var ids = entries.Select(e => e.Get("Id") ?? throw SqsErrors.MissingParameter("Id")).ToList();
        if (ids.Any(id => !EntryId().IsMatch(id))) throw SqsErrors.InvalidBatchEntryId();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count) throw SqsErrors.DistinctIds();
        return Answer(context, access, () =>
        {
            var queue = find();
            var successful = new JsonArray();
            var failed = new JsonArray();
            foreach (var (entry, id) in entries.Zip(ids))
            {
                try
                {
                    var result = each(queue, entry);
                    result.Insert(0, "Id", id);
                    successful.Add(result);
                }
                catch (AwsServiceException e)
                {
                    failed.Add(new JsonObject { ["Id"] = id, ["SenderFault"] = e.SenderFault, ["Code"] = e.Code, ["Message"] = e.Message });
                }
            }
            return new JsonObject { ["Successful"] = successful, ["Failed"] = failed };
        });
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex EntryId();
}
