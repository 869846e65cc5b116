using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Events.EventsParameters;

namespace Piksel.Emulator.Aws.Events;

/// <summary>Rules: put (create or update), describe, list by prefix, enable, disable, delete (only without targets).</summary>
internal sealed class RuleOperations(EventsStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutRule", "events:PutRule", PutRule)
        .Add("DescribeRule", "events:DescribeRule", DescribeRule)
        .Add("ListRules", "events:ListRules", ListRules)
        .Add("DeleteRule", "events:DeleteRule", DeleteRule)
        .Add("EnableRule", "events:EnableRule", context => SetState(context, "ENABLED"))
        .Add("DisableRule", "events:DisableRule", context => SetState(context, "DISABLED"));

    private OperationCall PutRule(AwsRequestContext context)
    {
        var body = Body(context);
        var name = RuleName(body);
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        var pattern = body.OptionalString("EventPattern");
        if (body.OptionalString("ScheduleExpression") is not null)
            throw EventsErrors.Validation("The emulator does not run scheduled rules: give the rule an EventPattern instead of a ScheduleExpression.");
        if (pattern is null) throw EventsErrors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        EventPattern.Parse(pattern);
        var state = body.OptionalString("State") ?? "ENABLED";
        if (state is not ("ENABLED" or "DISABLED"))
            throw EventsErrors.Validation($"1 validation error detected: Value '{state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
        var tags = Tags(body);
        var arn = EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name);
        var access = new Access(arn) { ContextKeys = RequestTagKeys.Of(tags) };
        var call = Answer(context, access, () =>
        {
            store.Rules.Update(EventsStore.Row(context.AccountId, context.Region, bus, name), current => (current ?? new EventRuleRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                Name = name,
                EventBusName = bus,
                EventPattern = pattern,
                State = state,
            }) with
            {
                EventPattern = pattern,
                State = state,
                Description = body.OptionalString("Description"),
                RoleArn = body.OptionalString("RoleArn"),
                // PutRule's tags apply when the rule is made; an update leaves the rule's tags as they are.
                Tags = current?.Tags ?? tags,
            });
            return new JsonObject { ["RuleArn"] = arn };
        });
        return tags.Count > 0 ? call.AndAlso("events:TagResource", access) : call;
    }

    private OperationCall DescribeRule(AwsRequestContext context)
    {
        var body = Body(context);
        var name = RuleName(body);
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name)), () => Describe(store.Rule(context, bus, name)));
    }

    private OperationCall ListRules(AwsRequestContext context)
    {
        var body = Body(context);
        var prefix = body.OptionalString("NamePrefix") ?? "";
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        var limit = (int)(body.OptionalLong("Limit") ?? 100);
        if (limit is < 1 or > 100) throw EventsErrors.Validation("1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
        var after = body.OptionalString("NextToken");
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, "*")), () =>
        {
            var rules = store.Rules.Values
                .Where(r => r.Account == context.AccountId && r.Region == context.Region && r.EventBusName == bus && r.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(r => after is null || string.CompareOrdinal(r.Name, after) > 0)
                .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var page = rules.Take(limit).ToList();
            var answer = new JsonObject { ["Rules"] = new JsonArray([.. page.Select(r => (JsonNode)Describe(r))]) };
            if (rules.Count > page.Count) answer["NextToken"] = page[^1].Name;
            return answer;
        });
    }

    private OperationCall DeleteRule(AwsRequestContext context)
    {
        var body = Body(context);
        var name = RuleName(body);
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name)), () =>
        {
            // Deleting a rule that does not exist succeeds, as EventBridge's does.
            store.Rules.Update(EventsStore.Row(context.AccountId, context.Region, bus, name), current =>
                current is { Targets.Count: > 0 } ? throw EventsErrors.TargetsRemain() : null);
            return [];
        });
    }

    private OperationCall SetState(AwsRequestContext context, string state)
    {
        var body = Body(context);
        var name = RuleName(body);
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name)), () =>
        {
            store.Rules.Update(EventsStore.Row(context.AccountId, context.Region, bus, name), current =>
                (current ?? throw EventsErrors.RuleNotFound(name, bus)) with { State = state });
            return [];
        });
    }

    private static JsonObject Describe(EventRuleRecord rule)
    {
        var answer = new JsonObject
        {
            ["Name"] = rule.Name,
            ["Arn"] = rule.Arn,
            ["EventPattern"] = rule.EventPattern,
            ["State"] = rule.State,
            ["EventBusName"] = rule.EventBusName,
        };
        if (rule.Description is not null) answer["Description"] = rule.Description;
        if (rule.RoleArn is not null) answer["RoleArn"] = rule.RoleArn;
        return answer;
    }
}
