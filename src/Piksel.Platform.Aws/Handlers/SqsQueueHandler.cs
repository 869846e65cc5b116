using System.Globalization;
using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Sqs;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// SQS queues: retention, SSE-SQS, the queue policy and tags, created together and converged attribute by attribute
/// (a policy removed from the spec is removed from the queue). Outputs <c>arn</c> and <c>url</c>.
/// </summary>
public sealed class SqsQueueHandler(AwsHandlerContext context) : AwsResourceHandler<SqsQueue, SqsClient>(context)
{
    private const string Missing = "AWS.SimpleQueueService.NonExistentQueue";

    /// <inheritdoc />
    protected override string Noun => "queue";

    /// <inheritdoc />
    protected override SqsClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    protected override async Task<Observed<SqsQueue>?> ReadAsync(SqsClient client, SqsQueue desired, CancellationToken cancellationToken) =>
        await OrNullAsync(() => client.GetQueueUrlAsync(desired.Name, cancellationToken), Missing) is { } url
            ? await ObserveAsync(client, desired, url, cancellationToken)
            : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(SqsClient client, SqsQueue desired, CancellationToken cancellationToken)
    {
        desired.Validate();
        var wanted = Attributes(desired);
        var url = await OrNullAsync(() => client.GetQueueUrlAsync(desired.Name, cancellationToken), Missing)
            ?? await client.CreateQueueAsync(desired.Name, wanted, desired.Tags, cancellationToken);
        var actual = await client.GetQueueAttributesAsync(url, cancellationToken: cancellationToken);
        var changed = wanted.Where(w => !actual.TryGetValue(w.Key, out var v) || !Same(w.Key, v, w.Value)).ToDictionary(StringComparer.Ordinal);
        // A policy the spec no longer has is cleared with an empty value, as SQS takes it.
        if (desired.Policy is null && actual.ContainsKey("Policy")) changed["Policy"] = "";
        if (changed.Count > 0) await client.SetQueueAttributesAsync(url, changed, cancellationToken);

        var (set, remove) = Canonical.TagChanges(await client.ListQueueTagsAsync(url, cancellationToken), desired.Tags);
        if (set.Count > 0) await client.TagQueueAsync(url, set.ToDictionary(StringComparer.Ordinal), cancellationToken);
        if (remove.Count > 0) await client.UntagQueueAsync(url, remove, cancellationToken);
        return (await ObserveAsync(client, desired, url, cancellationToken)).Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(SqsClient client, Observed<SqsQueue> actual, CancellationToken cancellationToken) =>
        IgnoringAbsentAsync(async () =>
        {
            var url = actual.Outputs.TryGetValue(SqsQueue.UrlOutput, out var known) ? known : await client.GetQueueUrlAsync(actual.State.Name, cancellationToken);
            await client.DeleteQueueAsync(url, cancellationToken);
        }, Missing);

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(SqsClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var url in await client.ListQueuesAsync(cancellationToken: cancellationToken))
        {
            var tags = await OrNullAsync(() => client.ListQueueTagsAsync(url, cancellationToken), Missing);
            if (tags is null) continue;
            var stub = new SqsQueue { Name = url[(url.LastIndexOf('/') + 1)..], Account = account, Region = Context.Access.Region };
            yield return new Listed(stub, tags, () => ReadAsync(client, stub, cancellationToken));
        }
    }

    private static async Task<Observed<SqsQueue>> ObserveAsync(SqsClient client, SqsQueue desired, string url, CancellationToken cancellationToken)
    {
        var attributes = await client.GetQueueAttributesAsync(url, cancellationToken: cancellationToken);
        var tags = await client.ListQueueTagsAsync(url, cancellationToken);
        var policy = attributes.GetValueOrDefault("Policy") is { Length: > 0 } text ? PolicyDocument.Parse(text) : null;
        var state = desired with
        {
            MessageRetentionSeconds = int.Parse(attributes.GetValueOrDefault("MessageRetentionPeriod", "345600"), CultureInfo.InvariantCulture),
            SqsManagedSse = attributes.GetValueOrDefault("SqsManagedSseEnabled") == "true",
            Policy = policy is not null && desired.Policy is not null && policy.ToJson() == desired.Policy.ToJson() ? desired.Policy : policy,
            Tags = tags,
        };
        return new Observed<SqsQueue>(state, new Dictionary<string, string>
        {
            [AwsResource.ArnOutput] = attributes.GetValueOrDefault("QueueArn", ""),
            [SqsQueue.UrlOutput] = url,
        });
    }

    private static Dictionary<string, string> Attributes(SqsQueue queue)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MessageRetentionPeriod"] = queue.MessageRetentionSeconds.ToString(CultureInfo.InvariantCulture),
            ["SqsManagedSseEnabled"] = queue.SqsManagedSse ? "true" : "false",
        };
        if (queue.Policy is not null) attributes["Policy"] = queue.Policy.ToJson();
        return attributes;
    }

    private static bool Same(string attribute, string actual, string wanted) =>
        attribute == "Policy" ? PolicyDocument.Parse(actual).ToJson() == PolicyDocument.Parse(wanted).ToJson() : actual == wanted;
}
