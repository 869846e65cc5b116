namespace Piksel.Emulator.Aws.Sqs;

/// <summary>One message in a queue: what was sent, and where it is in its receive cycle.</summary>
internal sealed record SqsMessageRecord
{
    /// <summary>The row of the queue that holds it.</summary>
    public required string Queue { get; init; }
    /// <summary>Its place among the queue's messages (send order).</summary>
    public required long Sequence { get; init; }
    public required string MessageId { get; init; }
    public required string Body { get; init; }
    public required DateTimeOffset Sent { get; init; }
    /// <summary>When it may next be received: send time plus delay, then receive time plus visibility timeout.</summary>
    public required DateTimeOffset VisibleAt { get; init; }
    /// <summary>The sender's ARN (or the service principal that delivered it), answered as SenderId.</summary>
    public required string SenderId { get; init; }
    public IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes { get; init; } = new Dictionary<string, SqsMessageAttribute>();
    public int ReceiveCount { get; init; }
    public DateTimeOffset? FirstReceived { get; init; }
    /// <summary>The handle of the latest receive; only it can change the message's visibility.</summary>
    public string? ReceiptHandle { get; init; }
    public string? MessageGroupId { get; init; }

    public bool InFlight(DateTimeOffset now) => ReceiptHandle is not null && VisibleAt > now;
}

/// <summary>A message attribute: its data type and a string or (base64) binary value.</summary>
internal sealed record SqsMessageAttribute(string DataType, string? StringValue, string? BinaryValue);
