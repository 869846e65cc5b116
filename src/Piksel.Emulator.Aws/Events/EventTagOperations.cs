using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Events.EventsParameters;

namespace Piksel.Emulator.Aws.Events;

/// <summary>Tags on rules, named by ARN: tag, untag, list.</summary>
internal sealed class EventTagOperations(EventsStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("TagResource", "events:TagResource", TagResource)
        .Add("UntagResource", "events:UntagResource", UntagResource)
        .Add("ListTagsForResource", "events:ListTagsForResource", ListTagsForResource);

    private OperationCall TagResource(AwsRequestContext context)
    {
        var body = Body(context);
        var arn = body.RequiredString("ResourceARN");
        var tags = Tags(body);
        return Answer(context, new Access(arn) { ContextKeys = RequestTagKeys.Of(tags) }, () =>
        {
            Change(context, arn, current =>
            {
                var next = new Dictionary<string, string>(current, StringComparer.Ordinal);
                foreach (var (key, value) in tags) next[key] = value;
                return next;
            });
            return [];
        });
    }

    private OperationCall UntagResource(AwsRequestContext context)
    {
        var body = Body(context);
        var arn = body.RequiredString("ResourceARN");
        var keys = body.StringList("TagKeys");
        return Answer(context, new Access(arn), () =>
        {
            Change(context, arn, current => current.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal));
            return [];
        });
    }

    private OperationCall ListTagsForResource(AwsRequestContext context)
    {
        var arn = Body(context).RequiredString("ResourceARN");
        return Answer(context, new Access(arn), () => new JsonObject { ["Tags"] = TagList(store.Rules.Find(Row(context, arn))?.Tags ?? throw NotFound(arn)) });
    }

    private void Change(AwsRequestContext context, string arn, Func<IReadOnlyDictionary<string, string>, Dictionary<string, string>> change) =>
        store.Rules.Update(Row(context, arn), current => current is null ? throw NotFound(arn) : current with { Tags = change(current.Tags) });

    /// <summary>The row of the rule <paramref name="arn"/> names (<c>…:rule/name</c> or <c>…:rule/bus/name</c>).</summary>
    private static string Row(AwsRequestContext context, string arn)
    {
        if (Arn.TryParse(arn) is not { Service: "events" } parsed || !parsed.Resource.StartsWith("rule/", StringComparison.Ordinal)) throw NotFound(arn);
        var parts = parsed.Resource.Split('/');
        var (bus, name) = parts.Length == 3 ? (parts[1], parts[2]) : ("default", parts[1]);
        return EventsStore.Row(parsed.Account.Length > 0 ? parsed.Account : context.AccountId, parsed.Region.Length > 0 ? parsed.Region : context.Region, bus, name);
    }

    private static AwsServiceException NotFound(string arn) => new("ResourceNotFoundException", $"Resource {arn} does not exist.");
}
