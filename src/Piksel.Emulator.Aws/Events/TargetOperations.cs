using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Events.EventsParameters;

namespace Piksel.Emulator.Aws.Events;

/// <summary>A rule's targets (at most five, each by its own Id): put (add or replace), remove, list.</summary>
internal sealed partial class TargetOperations(EventsStore store) : IOperationGroup
{
    private const int MaxTargets = 5;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutTargets", "events:PutTargets", PutTargets)
        .Add("RemoveTargets", "events:RemoveTargets", RemoveTargets)
        .Add("ListTargetsByRule", "events:ListTargetsByRule", ListTargetsByRule);

    private OperationCall PutTargets(AwsRequestContext context)
    {
        var body = Body(context);
        var name = RuleName(body, "Rule");
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        var targets = body.ObjectList("Targets").Select(t => new EventTarget(t.RequiredString("Id"), t.RequiredString("Arn"), t.OptionalString("Input"), t.OptionalString("InputPath"))).ToList();
        if (targets.Count is 0 or > 10)
            throw EventsErrors.Validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10");
        if (targets.FirstOrDefault(t => !TargetId().IsMatch(t.Id)) is { } bad)
            throw EventsErrors.Validation($"1 validation error detected: Value '{bad.Id}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        if (targets.FirstOrDefault(t => Arn.TryParse(t.Arn) is null) is { } badArn)
            throw EventsErrors.Validation($"Parameter {badArn.Arn} is not valid. Reason: Provided Arn is not in correct format.");
        if (targets.FirstOrDefault(t => t.Input is not null && !IsJson(t.Input)) is { } badInput)
            throw EventsErrors.Validation($"Target {badInput.Id} has invalid Input: it must be valid JSON text.");
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name)), () =>
        {
            store.Rules.Update(EventsStore.Row(context.AccountId, context.Region, bus, name), current =>
            {
                if (current is null) throw EventsErrors.RuleNotFound(name, bus);
                var next = current.Targets.Where(t => targets.All(n => n.Id != t.Id)).Concat(targets).ToList();
                if (next.Count > MaxTargets) throw EventsErrors.LimitExceeded($"The requested resource exceeds the maximum number allowed: a rule has at most {MaxTargets} targets.");
                return current with { Targets = next };
            });
            return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
        });
    }

    private OperationCall RemoveTargets(AwsRequestContext context)
    {
        var body = Body(context);
        var name = RuleName(body, "Rule");
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        var ids = body.StringList("Ids");
        if (ids.Count is 0 or > 100) throw EventsErrors.Validation("1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length between 1 and 100");
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name)), () =>
        {
            store.Rules.Update(EventsStore.Row(context.AccountId, context.Region, bus, name), current =>
                (current ?? throw EventsErrors.RuleNotFound(name, bus)) with { Targets = [.. current.Targets.Where(t => !ids.Contains(t.Id))] });
            return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
        });
    }

    private OperationCall ListTargetsByRule(AwsRequestContext context)
    {
        var body = Body(context);
        var name = RuleName(body, "Rule");
        var bus = EventsStore.Bus(body.OptionalString("EventBusName"));
        return Answer(context, new Access(EventRuleRecord.ArnOf(context.Region, context.AccountId, bus, name)), () =>
        {
            var rule = store.Rule(context, bus, name);
            return new JsonObject
            {
                ["Targets"] = new JsonArray([.. rule.Targets.Select(t =>
                {
                    var target = new JsonObject { ["Id"] = t.Id, ["Arn"] = t.Arn };
                    if (t.Input is not null) target["Input"] = t.Input;
                    if (t.InputPath is not null) target["InputPath"] = t.InputPath;
                    return (JsonNode)target;
                })]),
            };
        });
    }

    private static bool IsJson(string text)
    {
        try
        {
            JsonNode.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex TargetId();
}
