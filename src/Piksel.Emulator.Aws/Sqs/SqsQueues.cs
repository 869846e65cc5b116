using System.Collections.Concurrent;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// SQS's durable tables (queues, messages) and what waits on them: a long poll sleeps until a send to its queue wakes
/// it or its wait ends on the emulator's clock. Also the door other services deliver through (EventBridge targets),
/// checked against the queue's policy as the delivering service's principal.
/// </summary>
public sealed class SqsQueues : ISqsDelivery
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> arrivals = new(StringComparer.Ordinal);
    private readonly EmulatorState state;
    private long sequence;

    internal SqsQueues(EmulatorState state)
    {
        this.state = state;
        Queues = state.Store.Table<SqsQueueRecord>("sqs.queues");
        Messages = state.Store.Table<SqsMessageRecord>("sqs.messages");
        sequence = Messages.Values.Select(m => m.Sequence).DefaultIfEmpty(0).Max();
    }

    internal Table<SqsQueueRecord> Queues { get; }

    internal Table<SqsMessageRecord> Messages { get; }

    internal TimeProvider Time => state.Time;

    internal static string Row(string account, string region, string name) => $"{account}/{region}/{name}";

    internal static string Row(SqsQueueRecord queue) => Row(queue.Account, queue.Region, queue.Name);

    internal static string MessageRow(string queueRow, long sequence) => $"{queueRow}#{sequence:D16}";

    internal long NextSequence() => Interlocked.Increment(ref sequence);

    /// <summary>The queue a queue URL names (<c>…/&lt;account&gt;/&lt;name&gt;</c>) in <paramref name="region"/>.</summary>
    internal SqsQueueRecord ByUrl(string region, string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) throw SqsErrors.NonExistentQueue();
        return Queues.Find(Row(parts[^2], region, parts[^1])) ?? throw SqsErrors.NonExistentQueue();
    }

    /// <summary>The URL of <paramref name="queue"/> as this endpoint serves it (the host the caller used).</summary>
    internal static string UrlOf(AwsRequestContext context, SqsQueueRecord queue)
    {
        var request = context.Http.Request;
        return $"{request.Scheme}://{request.Host}/{queue.Account}/{queue.Name}";
    }

    /// <summary>The queue's live messages in send order; those past its retention period are dropped on the way.</summary>
    internal List<SqsMessageRecord> Live(SqsQueueRecord queue)
    {
        var row = Row(queue);
        var expiry = Time.GetUtcNow() - TimeSpan.FromSeconds(queue.Seconds("MessageRetentionPeriod"));
        var live = new List<SqsMessageRecord>();
        foreach (var message in Messages.Values.Where(m => m.Queue == row).OrderBy(m => m.Sequence))
        {
            if (message.Sent <= expiry) Messages.Remove(MessageRow(row, message.Sequence));
            else live.Add(message);
        }
        return live;
    }

    /// <summary>Stores <paramref name="message"/> and wakes the queue's long polls.</summary>
    internal void Enqueue(SqsMessageRecord message)
    {
        Messages.Put(MessageRow(message.Queue, message.Sequence), message);
        if (arrivals.TryRemove(message.Queue, out var waiting)) waiting.TrySetResult();
    }

    /// <summary>Waits until a message is sent to the queue <paramref name="queueRow"/>, <paramref name="until"/> passes on the emulator's clock, or the caller goes.</summary>
    internal async Task WaitAsync(string queueRow, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var left = until - Time.GetUtcNow();
        if (left <= TimeSpan.Zero) return;
        var arrival = arrivals.GetOrAdd(queueRow, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(left, Time, timeout.Token);
        await Task.WhenAny(arrival.Task, delay);
        await timeout.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public bool DeliverAsService(string queueArn, string body, string servicePrincipal, string sourceArn)
    {
        if (Arn.TryParse(queueArn) is not { Service: "sqs" } arn) return false;
        if (Queues.Find(Row(arn.Account, arn.Region, arn.Resource)) is not { } queue) return false;
        var now = Time.GetUtcNow();
        var policy = queue.Attributes.TryGetValue("Policy", out var document) && document.Length > 0 ? new ResourcePolicy(document) : null;
        // A service acts with no identity of its own in the queue's account: only the queue policy naming it can let it send.
        var decision = state.Authorizer.Authorize(new AuthorizationRequest
        {
            Caller = Principal.Anonymous,
            Action = "sqs:SendMessage",
            Resource = queue.Arn,
            ResourceAccount = queue.Account,
            ResourcePolicy = policy,
            ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["aws:PrincipalServiceName"] = [servicePrincipal],
                ["aws:SourceArn"] = [sourceArn],
                ["aws:SourceAccount"] = [Arn.TryParse(sourceArn)?.Account ?? queue.Account],
            },
            Facts = new RequestFacts(null, SecureTransport: true, queue.Region, now),
        });
        if (!decision.Allowed) return false;
        Enqueue(new SqsMessageRecord
        {
            Queue = Row(queue),
            Sequence = NextSequence(),
            MessageId = Guid.NewGuid().ToString(),
            Body = body,
            Sent = now,
            VisibleAt = now + TimeSpan.FromSeconds(queue.Seconds("DelaySeconds")),
            SenderId = servicePrincipal,
        });
        return true;
    }
}
