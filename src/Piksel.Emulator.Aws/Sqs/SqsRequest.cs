using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>What every SQS operation reads first: its members, and the queue it names with the access that queue needs.</summary>
internal static class SqsRequest
{
    public static SqsInput Input(AwsRequestContext context) =>
        SqsService.IsJson(context.Http.Request) ? SqsInput.FromJson(JsonProtocol.ParseBody(context.Body.Span)) : SqsInput.FromQuery(context.Query.All);

    /// <summary>
    /// The queue a request names by QueueUrl (or, in the query protocol, by posting to the queue's URL). Access is
    /// checked on the ARN the URL implies, with the queue's policy if it exists; a missing queue is reported only after,
    /// so a caller who may not act on it learns nothing.
    /// </summary>
    public static (Access Access, Func<SqsQueueRecord> Queue) Queue(AwsRequestContext context, SqsQueues queues, SqsInput input)
    {
        var url = input.Get("QueueUrl") is { Length: > 0 } given ? given
            : !SqsService.IsJson(context.Http.Request) && context.Http.Request.Path.Value is { Length: > 1 } path ? path
            : throw SqsErrors.MissingParameter("QueueUrl");
        var parts = (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) throw SqsErrors.NonExistentQueue();
        var (account, name) = (parts[^2], parts[^1]);
        var record = queues.Queues.Find(SqsQueues.Row(account, context.Region, name));
        var access = new Access(SqsQueueRecord.ArnOf(context.Region, account, name))
        {
            ResourceAccount = account,
            ResourcePolicy = record is not null && record.Attributes.TryGetValue("Policy", out var policy) && policy.Length > 0 ? new ResourcePolicy(policy) : null,
        };
        return (access, () => queues.Queues.Find(SqsQueues.Row(account, context.Region, name)) ?? throw SqsErrors.NonExistentQueue());
    }

    /// <summary>Authorizes the declared action on <paramref name="access"/>, then writes what <paramref name="run"/> answers.</summary>
    public static OperationCall Answer(AwsRequestContext context, Access access, Func<JsonObject> run) =>
        OperationCall.On(access, () => SqsAnswer.WriteAsync(context, run()));

    public static JsonObject Empty() => [];
}
