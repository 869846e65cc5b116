using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Events;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// EventBridge rules on the default bus: pattern, description, state, targets and tags. A pattern that means the same
/// JSON compares equal however it is spaced. Delete removes the targets first, as EventBridge requires. Output: <c>arn</c>.
/// </summary>
public sealed class EventBridgeRuleHandler(AwsHandlerContext context) : AwsResourceHandler<EventBridgeRule, EventBridgeClient>(context)
{
    private const string Missing = "ResourceNotFoundException";

    /// <inheritdoc />
    protected override string Noun => "event rule";

    /// <inheritdoc />
    protected override EventBridgeClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    protected override async Task<Observed<EventBridgeRule>?> ReadAsync(EventBridgeClient client, EventBridgeRule desired, CancellationToken cancellationToken)
    {
        if (await OrNullAsync(() => client.DescribeRuleAsync(desired.Name, cancellationToken), Missing) is not { } rule) return null;
        var targets = await client.ListTargetsByRuleAsync(desired.Name, cancellationToken);
        var tags = await client.ListTagsForResourceAsync(rule.Arn, cancellationToken);
        var state = desired with
        {
            EventPattern = SamePattern(rule.EventPattern, desired.EventPattern) ? desired.EventPattern : rule.EventPattern,
            Description = rule.Description ?? "",
            Enabled = rule.State == "ENABLED",
            Targets = targets.Count == desired.Targets.Count && targets.All(t => desired.Targets.Contains(new EventBridgeTarget(t.Id, t.Arn)))
                ? desired.Targets
                : [.. targets.Select(t => new EventBridgeTarget(t.Id, t.Arn)).OrderBy(t => t.Id, StringComparer.Ordinal)],
            Tags = tags,
        };
        return new Observed<EventBridgeRule>(state, new Dictionary<string, string> { [AwsResource.ArnOutput] = rule.Arn });
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(EventBridgeClient client, EventBridgeRule desired, CancellationToken cancellationToken)
    {
        var current = await ReadAsync(client, desired, cancellationToken);
        var state = current?.State;
        if (state is null || state.EventPattern != desired.EventPattern || state.Description != desired.Description || state.Enabled != desired.Enabled)
        {
            // PutRule creates or updates; its tags count only when it creates.
            await client.PutRuleAsync(desired.Name, desired.EventPattern, desired.Description, desired.Enabled, state is null ? desired.Tags : null, cancellationToken);
        }

        var have = state?.Targets ?? [];
        var add = desired.Targets.Where(t => !have.Contains(t)).ToList();
        var drop = have.Where(h => desired.Targets.All(t => t.Id != h.Id)).Select(h => h.Id).ToList();
        if (drop.Count > 0) await client.RemoveTargetsAsync(desired.Name, drop, cancellationToken);
        if (add.Count > 0) await client.PutTargetsAsync(desired.Name, add.Select(t => new EventRuleTarget(t.Id, t.Arn)), cancellationToken);

        var observed = await ReadAsync(client, desired, cancellationToken) ?? throw new RetryableResourceException($"Event rule {desired.Name} not yet visible after creation.");
        var arn = observed.Outputs[AwsResource.ArnOutput];
        var (set, remove) = Canonical.TagChanges(observed.State.Tags, desired.Tags);
        if (set.Count > 0) await client.TagResourceAsync(arn, set.ToDictionary(StringComparer.Ordinal), cancellationToken);
        if (remove.Count > 0) await client.UntagResourceAsync(arn, remove, cancellationToken);
        return observed.Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(EventBridgeClient client, Observed<EventBridgeRule> actual, CancellationToken cancellationToken) =>
        IgnoringAbsentAsync(async () =>
        {
            var targets = await client.ListTargetsByRuleAsync(actual.State.Name, cancellationToken);
            if (targets.Count > 0) await client.RemoveTargetsAsync(actual.State.Name, targets.Select(t => t.Id), cancellationToken);
            await client.DeleteRuleAsync(actual.State.Name, cancellationToken);
        }, Missing);

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(EventBridgeClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var rule in await client.ListRulesAsync(cancellationToken: cancellationToken))
        {
            var tags = await client.ListTagsForResourceAsync(rule.Arn, cancellationToken);
            var stub = new EventBridgeRule { Name = rule.Name, Account = account, Region = Context.Access.Region, EventPattern = rule.EventPattern };
            yield return new Listed(stub, tags, () => ReadAsync(client, stub, cancellationToken));
        }
    }

    private static bool SamePattern(string actual, string desired)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(desired));
        }
        catch (System.Text.Json.JsonException)
        {
            return actual == desired;
        }
    }
}
