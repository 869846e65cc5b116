using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Events;

/// <summary>EventBridge's durable table of rules (the default bus exists in every account and region).</summary>
internal sealed class EventsStore(StateStore store)
{
    public Table<EventRuleRecord> Rules { get; } = store.Table<EventRuleRecord>("events.rules");

    public static string Row(string account, string region, string bus, string name) => $"{account}/{region}/{bus}/{name}";

    public static string Row(EventRuleRecord rule) => Row(rule.Account, rule.Region, rule.EventBusName, rule.Name);

    /// <summary>The bus a request names by name or ARN; only the default bus exists.</summary>
    public static string Bus(string? nameOrArn)
    {
        var bus = nameOrArn is null ? "default" : nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;
        return bus == "default" ? bus : throw EventsErrors.BusNotFound(bus);
    }

    public static string BusArn(AwsRequestContext context, string bus) => $"arn:aws:events:{context.Region}:{context.AccountId}:event-bus/{bus}";

    public EventRuleRecord Rule(AwsRequestContext context, string bus, string name) =>
        Rules.Find(Row(context.AccountId, context.Region, bus, name)) ?? throw EventsErrors.RuleNotFound(name, bus);
}
