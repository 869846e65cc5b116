using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// Amazon SQS (signing name <c>sqs</c>) in both protocols its clients speak: awsJson1.0
/// (<c>X-Amz-Target: AmazonSQS.&lt;Op&gt;</c>, what AWSSDK.SQS 4 and current botocore send) and the query protocol
/// (<c>Action=&lt;Op&gt;</c> form posts answered in XML). Standard queues with attributes, tags and a queue policy;
/// messages with delay, visibility timeout, retention and long polling on the emulator's clock. Each operation is
/// authorized on the queue's ARN with the queue policy as its resource policy.
/// </summary>
public sealed class SqsService : IAwsService
{
    private const string TargetPrefix = "AmazonSQS";

    /// <summary>The service over the shared state.</summary>
    public SqsService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Queues = new SqsQueues(state);
        Operations = new OperationTable()
            .AddGroup(new QueueOperations(Queues))
            .AddGroup(new QueueAttributeOperations(Queues))
            .AddGroup(new MessageOperations(Queues))
            .AddGroup(new MessageBatchOperations(Queues))
            .AddGroup(new QueueTagOperations(Queues))
            .Freeze();
    }

    /// <summary>The queues, and the door other services deliver messages through.</summary>
    public SqsQueues Queues { get; }

    /// <inheritdoc />
    public string SigningName => "sqs";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json10QueryCompatible;

    /// <inheritdoc />
    public AwsProtocol ProtocolOf(HttpRequest request) => IsJson(request) ? AwsProtocol.Json10QueryCompatible : AwsProtocol.Query;

    /// <inheritdoc />
    public string XmlNamespace => SqsAnswer.XmlNamespace;

    /// <inheritdoc />
    public string AccessDeniedCode => "AccessDenied";

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsJson(context.Http.Request)) return JsonTarget.Resolve(context, Operations, TargetPrefix, "Amazon SQS");
        var action = context.Query.Action ?? "";
        return Operations.Find(action) ?? throw SqsErrors.UnknownAction(action);
    }

    /// <summary>True when the request speaks JSON (an X-Amz-Target or a JSON content type), false for the query protocol.</summary>
    internal static bool IsJson(HttpRequest request) =>
        request.Headers.ContainsKey("X-Amz-Target") || (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false);
}
