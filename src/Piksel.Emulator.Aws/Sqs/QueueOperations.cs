using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Sqs.SqsRequest;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>Queues: create (idempotent for the same attributes), find by name, list, purge and delete.</summary>
internal sealed partial class QueueOperations(SqsQueues queues) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateQueue", "sqs:CreateQueue", CreateQueue)
        .Add("GetQueueUrl", "sqs:GetQueueUrl", GetQueueUrl)
        .Add("ListQueues", "sqs:ListQueues", ListQueues)
        .Add("DeleteQueue", "sqs:DeleteQueue", DeleteQueue)
        .Add("PurgeQueue", "sqs:PurgeQueue", PurgeQueue);

    private OperationCall CreateQueue(AwsRequestContext context)
    {
        var input = Input(context);
        var name = input.Required("QueueName");
        if (!QueueName().IsMatch(name))
            throw SqsErrors.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        var fifo = name.EndsWith(".fifo", StringComparison.Ordinal);
        var given = input.Map("Attributes", "Attribute", "Name", "Value");
        if (fifo && !given.ContainsKey("FifoQueue"))
            throw SqsErrors.InvalidParameterValue("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix. The queue name must be 1 to 80 characters in length and FifoQueue must be true.");
        SqsQueueAttributes.Validate(given, fifo, creating: true);
        var tags = input.Map("tags", "Tag", "Key", "Value");
        if (tags.Count > 50) throw SqsErrors.TooManyTags();

        var access = new Access(SqsQueueRecord.ArnOf(context.Region, context.AccountId, name)) { ContextKeys = RequestTagKeys.Of(tags) };
        var call = Answer(context, access, () =>
        {
            var now = context.Time.GetUtcNow();
            var created = new SqsQueueRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                Name = name,
                Created = now,
                LastModified = now,
                Attributes = SqsQueueAttributes.WithDefaults(given, fifo),
                Tags = tags,
            };
            var stored = queues.Queues.Update(SqsQueues.Row(created), existing => existing ?? created)!;
            // Creating a queue that exists answers its URL when every given attribute matches, as SQS does.
            if (!ReferenceEquals(stored, created) && SqsQueueAttributes.FirstDifference(stored.Attributes, given) is { } differs)
                throw SqsErrors.QueueAlreadyExists(differs);
            return new JsonObject { ["QueueUrl"] = SqsQueues.UrlOf(context, stored) };
        });
        return tags.Count > 0 ? call.AndAlso("sqs:TagQueue", access) : call;
    }

    private OperationCall GetQueueUrl(AwsRequestContext context)
    {
        var input = Input(context);
        var name = input.Required("QueueName");
        var account = input.Get("QueueOwnerAWSAccountId") ?? context.AccountId;
        var record = queues.Queues.Find(SqsQueues.Row(account, context.Region, name));
        var access = new Access(SqsQueueRecord.ArnOf(context.Region, account, name))
        {
            ResourceAccount = account,
            ResourcePolicy = record?.Attributes.GetValueOrDefault("Policy") is { Length: > 0 } policy ? new ResourcePolicy(policy) : null,
        };
        return Answer(context, access, () => new JsonObject
        {
            ["QueueUrl"] = SqsQueues.UrlOf(context, queues.Queues.Find(SqsQueues.Row(account, context.Region, name)) ?? throw SqsErrors.NonExistentQueue()),
        });
    }

    private OperationCall ListQueues(AwsRequestContext context)
    {
        var input = Input(context);
        var prefix = input.Get("QueueNamePrefix") ?? "";
        var max = input.Int("MaxResults");
        if (max is < 1 or > 1000) throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
        var after = input.Get("NextToken") is { } token ? Decode(token) : null;
        return Answer(context, new Access($"arn:aws:sqs:{context.Region}:{context.AccountId}:*"), () =>
        {
            var names = queues.Queues.Values
                .Where(q => q.Account == context.AccountId && q.Region == context.Region && q.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(q => after is null || string.CompareOrdinal(q.Name, after) > 0)
                .OrderBy(q => q.Name, StringComparer.Ordinal)
                .ToList();
            var page = max is { } m ? names.Take(m).ToList() : names.Take(1000).ToList();
            var answer = new JsonObject();
            if (page.Count > 0) answer["QueueUrls"] = new JsonArray([.. page.Select(q => (JsonNode)SqsQueues.UrlOf(context, q))]);
            if (max is not null && names.Count > page.Count) answer["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name));
            return answer;
        });
    }

    private OperationCall DeleteQueue(AwsRequestContext context)
    {
        var (access, find) = Queue(context, queues, Input(context));
        return Answer(context, access, () =>
        {
            var queue = find();
            var row = SqsQueues.Row(queue);
            foreach (var message in queues.Messages.Values.Where(m => m.Queue == row).ToList()) queues.Messages.Remove(SqsQueues.MessageRow(row, message.Sequence));
            queues.Queues.Remove(row);
            return Empty();
        });
    }

    private OperationCall PurgeQueue(AwsRequestContext context)
    {
        var (access, find) = Queue(context, queues, Input(context));
        return Answer(context, access, () =>
        {
            var queue = find();
            var row = SqsQueues.Row(queue);
            var now = context.Time.GetUtcNow();
            queues.Queues.Update(row, current =>
            {
                if (current is null) throw SqsErrors.NonExistentQueue();
                if (current.LastPurge is { } last && now - last < TimeSpan.FromSeconds(60)) throw SqsErrors.PurgeInProgress(SqsQueues.UrlOf(context, current));
                return current with { LastPurge = now };
            });
            foreach (var message in queues.Messages.Values.Where(m => m.Queue == row && m.Sent <= now).ToList())
                queues.Messages.Remove(SqsQueues.MessageRow(row, message.Sequence));
            return Empty();
        });
    }

    private static string Decode(string token)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
        catch (FormatException) { throw SqsErrors.InvalidParameterValue("Invalid NextToken value."); }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,75}(\.fifo)?$|^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex QueueName();

    internal static string Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
