using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Events;

/// <summary>
/// Typed Amazon EventBridge client (awsJson1.1, <c>X-Amz-Target: AWSEvents.&lt;Op&gt;</c>, signing name <c>events</c>)
/// for rules, targets, tags and PutEvents on the default bus. Errors surface as <see cref="AwsApiException"/>
/// (<c>ResourceNotFoundException</c>, <c>InvalidEventPatternException</c>, <c>ValidationException</c>…).
/// </summary>
public sealed class EventBridgeClient(AwsClientOptions options) : JsonApiClient(options, "events", "AWSEvents")
{
    /// <summary>Creates or updates a rule; tags apply when it is created. Answers its ARN.</summary>
    public async Task<string> PutRuleAsync(string name, string eventPattern, string? description = null, bool enabled = true,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["Name"] = name, ["EventPattern"] = eventPattern, ["State"] = enabled ? "ENABLED" : "DISABLED" };
        if (description is not null) body["Description"] = description;
        if (tags is { Count: > 0 }) body["Tags"] = TagList(tags);
        return Str(await CallAsync("PutRule", body, cancellationToken), "RuleArn")!;
    }

    /// <summary>The rule <paramref name="name"/>; ResourceNotFoundException when there is none.</summary>
    public async Task<EventRule> DescribeRuleAsync(string name, CancellationToken cancellationToken = default) =>
        Rule(await CallAsync("DescribeRule", new JsonObject { ["Name"] = name }, cancellationToken));

    /// <summary>The rules whose names start with <paramref name="prefix"/>, every page.</summary>
    public async Task<IReadOnlyList<EventRule>> ListRulesAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var rules = new List<EventRule>();
        string? token = null;
        do
        {
            var body = new JsonObject();
            if (prefix is not null) body["NamePrefix"] = prefix;
            if (token is not null) body["NextToken"] = token;
            var json = await CallAsync("ListRules", body, cancellationToken);
            rules.AddRange((json["Rules"] as JsonArray ?? []).OfType<JsonObject>().Select(Rule));
            token = Str(json, "NextToken");
        } while (token is not null);
        return rules;
    }

    /// <summary>Deletes a rule (its targets must be removed first).</summary>
    public Task DeleteRuleAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteRule", new JsonObject { ["Name"] = name }, cancellationToken);

    /// <summary>Enables or disables a rule.</summary>
    public Task SetRuleEnabledAsync(string name, bool enabled, CancellationToken cancellationToken = default) =>
        CallAsync(enabled ? "EnableRule" : "DisableRule", new JsonObject { ["Name"] = name }, cancellationToken);

    /// <summary>Adds or replaces targets of a rule.</summary>
    public Task PutTargetsAsync(string rule, IEnumerable<EventRuleTarget> targets, CancellationToken cancellationToken = default) =>
        CallAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["Targets"] = new JsonArray([.. targets.Select(t => (JsonNode)new JsonObject { ["Id"] = t.Id, ["Arn"] = t.Arn })]),
        }, cancellationToken);

    /// <summary>Removes targets by id.</summary>
    public Task RemoveTargetsAsync(string rule, IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        CallAsync("RemoveTargets", new JsonObject { ["Rule"] = rule, ["Ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) }, cancellationToken);

    /// <summary>A rule's targets.</summary>
    public async Task<IReadOnlyList<EventRuleTarget>> ListTargetsByRuleAsync(string rule, CancellationToken cancellationToken = default) =>
        [.. ((await CallAsync("ListTargetsByRule", new JsonObject { ["Rule"] = rule }, cancellationToken))["Targets"] as JsonArray ?? [])
            .OfType<JsonObject>().Select(t => new EventRuleTarget(Str(t, "Id")!, Str(t, "Arn")!))];

    /// <summary>Adds or replaces tags of a rule (by ARN).</summary>
    public Task TagResourceAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        CallAsync("TagResource", new JsonObject { ["ResourceARN"] = arn, ["Tags"] = TagList(tags) }, cancellationToken);

    /// <summary>Removes tags of a rule (by ARN) by key.</summary>
    public Task UntagResourceAsync(string arn, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        CallAsync("UntagResource", new JsonObject { ["ResourceARN"] = arn, ["TagKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) }, cancellationToken);

    /// <summary>A rule's tags (by ARN).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string arn, CancellationToken cancellationToken = default) =>
        ((await CallAsync("ListTagsForResource", new JsonObject { ["ResourceARN"] = arn }, cancellationToken))["Tags"] as JsonArray ?? [])
            .OfType<JsonObject>().ToDictionary(t => Str(t, "Key")!, t => Str(t, "Value") ?? "", StringComparer.Ordinal);

    /// <summary>Puts custom events on the default bus; each entry is answered on its own.</summary>
    public async Task<IReadOnlyList<EventEntryResult>> PutEventsAsync(IEnumerable<EventEntry> entries, CancellationToken cancellationToken = default)
    {
        var list = new JsonArray([.. entries.Select(e =>
        {
            var entry = new JsonObject { ["Source"] = e.Source, ["DetailType"] = e.DetailType, ["Detail"] = e.Detail };
            if (e.Resources is { Count: > 0 }) entry["Resources"] = new JsonArray([.. e.Resources.Select(r => (JsonNode)r)]);
            return (JsonNode)entry;
        })]);
        var json = await CallAsync("PutEvents", new JsonObject { ["Entries"] = list }, cancellationToken);
        return [.. (json["Entries"] as JsonArray ?? []).OfType<JsonObject>().Select(e => new EventEntryResult(Str(e, "EventId"), Str(e, "ErrorCode"), Str(e, "ErrorMessage")))];
    }

    private static JsonArray TagList(IReadOnlyDictionary<string, string> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    private static EventRule Rule(JsonObject json) =>
        new(Str(json, "Name")!, Str(json, "Arn")!, Str(json, "EventPattern") ?? "", Str(json, "State")!, Str(json, "Description"));
}
