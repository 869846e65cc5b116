using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Sqs;

namespace Piksel.Emulator.Aws.Events;

/// <summary>
/// Routes events on the default bus: builds EventBridge's envelope (version 0, id, detail-type, source, account, time,
/// region, resources, detail), matches it against the account's enabled rules and hands it to their SQS targets as
/// the events service principal. Targets of other kinds are kept but nothing is delivered to them.
/// </summary>
internal sealed class EventBus(EventsStore store, ISqsDelivery sqs, TimeProvider time) : IAwsEventBus
{
    public const string ServicePrincipal = "events.amazonaws.com";

    /// <inheritdoc />
    public string Publish(AwsEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var id = Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["version"] = "0",
            ["id"] = id,
            ["detail-type"] = evt.DetailType,
            ["source"] = evt.Source,
            ["account"] = evt.Account,
            ["time"] = (evt.Time ?? time.GetUtcNow()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = evt.Region,
            ["resources"] = new JsonArray([.. evt.Resources.Select(r => (JsonNode)r)]),
            ["detail"] = evt.Detail.DeepClone(),
        };
        var rules = store.Rules.Values.Where(r => r.Account == evt.Account && r.Region == evt.Region && r.EventBusName == "default" && r.State == "ENABLED");
        foreach (var rule in rules)
        {
            if (!EventPattern.Parse(rule.EventPattern).Matches(envelope)) continue;
            foreach (var target in rule.Targets.Where(t => t.Arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal)))
                sqs.DeliverAsService(target.Arn, Body(target, envelope), ServicePrincipal, rule.Arn);
        }
        return id;
    }

    /// <summary>What a target receives: its fixed Input, the part InputPath selects (<c>$.detail</c>), or the whole envelope.</summary>
    private static string Body(EventTarget target, JsonObject envelope)
    {
        if (target.Input is not null) return target.Input;
        if (target.InputPath is { } path && path.StartsWith("$.", StringComparison.Ordinal))
        {
            JsonNode? node = envelope;
            foreach (var part in path[2..].Split('.')) node = node is JsonObject o ? o[part] : null;
            return node?.ToJsonString() ?? "null";
        }
        return envelope.ToJsonString();
    }
}
