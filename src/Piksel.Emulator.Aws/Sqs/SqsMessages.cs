using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// One message's life, shared by the single and batch operations: sent (validated, digested, delayed), received
/// (hidden for the visibility timeout under a fresh receipt handle), made visible again, deleted.
/// </summary>
internal sealed class SqsMessages(SqsQueues queues)
{
    private const int MaxAttributes = 10;

    /// <summary>Stores one message from <paramref name="entry"/> (SendMessage's members) and answers its id and digests.</summary>
    public JsonObject Send(SqsQueueRecord queue, SqsInput entry, string sender)
    {
        var body = entry.Get("MessageBody") ?? throw SqsErrors.MissingParameter("MessageBody");
        if (body.Length == 0) throw SqsErrors.InvalidParameterValue("The request must contain the parameter MessageBody.");
        var attributes = entry.MessageAttributes();
        var size = Encoding.UTF8.GetByteCount(body) + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType)
            + Encoding.UTF8.GetByteCount(a.Value.StringValue ?? "") + (a.Value.BinaryValue?.Length ?? 0) * 3 / 4);
        var limit = queue.Seconds("MaximumMessageSize");
        if (size > limit) throw SqsErrors.InvalidParameterValue($"One or more parameters are invalid. Reason: Message must be shorter than {limit} bytes.");
        if (attributes.Count > MaxAttributes) throw SqsErrors.InvalidParameterValue($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        foreach (var (name, attribute) in attributes)
        {
            if (attribute.DataType.Length == 0) throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain a non-empty attribute type.");
            var binary = attribute.DataType.StartsWith("Binary", StringComparison.Ordinal);
            if (binary ? attribute.BinaryValue is null : attribute.StringValue is null)
                throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain a non-empty message attribute value for message attribute type '{attribute.DataType}'.");
        }
        var delay = entry.Int("DelaySeconds");
        if (delay is < 0 or > 900) throw SqsErrors.InvalidParameterValue($"Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.");
        var group = entry.Get("MessageGroupId");
        if (queue.IsFifo && group is null) throw SqsErrors.MissingParameter("MessageGroupId");
        if (queue.IsFifo && delay is not null) throw SqsErrors.InvalidParameterValue("Value for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");

        var now = queues.Time.GetUtcNow();
        var message = new SqsMessageRecord
        {
            Queue = SqsQueues.Row(queue),
            Sequence = queues.NextSequence(),
            MessageId = Guid.NewGuid().ToString(),
            Body = body,
            Sent = now,
            VisibleAt = now + TimeSpan.FromSeconds(delay ?? queue.Seconds("DelaySeconds")),
            SenderId = sender,
            MessageAttributes = attributes,
            MessageGroupId = group,
        };
        queues.Enqueue(message);
        var answer = new JsonObject { ["MD5OfMessageBody"] = SqsDigest.OfBody(body), ["MessageId"] = message.MessageId };
        if (SqsDigest.OfAttributes(attributes) is { } digest) answer["MD5OfMessageAttributes"] = digest;
        if (queue.IsFifo) answer["SequenceNumber"] = message.Sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
        return answer;
    }

    /// <summary>Takes up to <paramref name="max"/> visible messages, hiding each for <paramref name="visibility"/> under a new receipt handle.</summary>
    public List<SqsMessageRecord> Take(SqsQueueRecord queue, int max, TimeSpan visibility)
    {
        var now = queues.Time.GetUtcNow();
        var taken = new List<SqsMessageRecord>();
        foreach (var candidate in queues.Live(queue))
        {
            if (taken.Count == max) break;
            if (candidate.VisibleAt > now) continue;
            // FIFO: a group with a message in flight gives nothing more until it is deleted or visible again.
            if (candidate.MessageGroupId is { } group
                && queues.Live(queue).Any(m => m.MessageGroupId == group && m.InFlight(now) && taken.All(t => t.Sequence != m.Sequence)))
            {
                continue;
            }

            var row = SqsQueues.MessageRow(candidate.Queue, candidate.Sequence);
            var received = queues.Messages.Update(row, current => current is null || current.VisibleAt > now ? current : current with
            {
                VisibleAt = now + visibility,
                ReceiveCount = current.ReceiveCount + 1,
                FirstReceived = current.FirstReceived ?? now,
                ReceiptHandle = Handle(row),
            });
            if (received is not null && received.VisibleAt > now && received.ReceiptHandle is not null) taken.Add(received);
        }
        return taken;
    }

    /// <summary>The earliest moment a message of the queue becomes visible, if any is hidden now.</summary>
    public DateTimeOffset? NextVisible(SqsQueueRecord queue)
    {
        var now = queues.Time.GetUtcNow();
        return queues.Live(queue).Where(m => m.VisibleAt > now).Select(m => (DateTimeOffset?)m.VisibleAt).Min();
    }

    /// <summary>Deletes the message <paramref name="handle"/> was given for; a stale handle of a message received again deletes nothing, as SQS documents.</summary>
    public void Delete(SqsQueueRecord queue, string handle)
    {
        var row = RowOf(queue, handle);
        queues.Messages.Update(row, current => current?.ReceiptHandle == handle ? null : current);
    }

    /// <summary>Makes the in-flight message <paramref name="handle"/> names visible after <paramref name="timeout"/> from now.</summary>
    public void ChangeVisibility(SqsQueueRecord queue, string handle, int? timeout)
    {
        if (timeout is null) throw SqsErrors.MissingParameter("VisibilityTimeout");
        if (timeout is < 0 or > 43_200) throw SqsErrors.InvalidParameterValue($"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        var row = RowOf(queue, handle);
        var now = queues.Time.GetUtcNow();
        queues.Messages.Update(row, current => current is not null && current.ReceiptHandle == handle && current.InFlight(now)
            ? current with { VisibleAt = now + TimeSpan.FromSeconds(timeout.Value) }
            : throw SqsErrors.MessageNotInflight());
    }

    /// <summary>A receipt handle: the message's row and a fresh nonce, so each receive hands out a different one.</summary>
    private static string Handle(string row) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{row}|{Guid.NewGuid():N}"));

    private static string RowOf(SqsQueueRecord queue, string handle)
    {
        string text;
        try { text = Encoding.UTF8.GetString(Convert.FromBase64String(handle)); }
        catch (FormatException) { throw SqsErrors.ReceiptHandleIsInvalid(handle); }
        var bar = text.LastIndexOf('|');
        var row = bar < 0 ? "" : text[..bar];
        if (!row.StartsWith(SqsQueues.Row(queue) + "#", StringComparison.Ordinal)) throw SqsErrors.ReceiptHandleIsInvalid(handle);
        return row;
    }
}
