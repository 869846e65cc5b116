using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Events.EventsParameters;

namespace Piksel.Emulator.Aws.Events;

/// <summary>
/// PutEvents: up to ten custom events onto the default bus, each accepted (with its id) or refused on its own. A
/// caller cannot pose as AWS: sources beginning <c>aws.</c> are refused, as EventBridge refuses them.
/// </summary>
internal sealed class PutEventsOperation(IAwsEventBus bus) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table.Add("PutEvents", "events:PutEvents", PutEvents);

    private OperationCall PutEvents(AwsRequestContext context)
    {
        var entries = Body(context).ObjectList("Entries");
        if (entries.Count is 0 or > 10)
            throw EventsErrors.Validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10");
        var busName = EventsStore.Bus(entries[0].OptionalString("EventBusName"));
        return Answer(context, new Access(EventsStore.BusArn(context, busName)), () =>
        {
            var results = new JsonArray();
            var failed = 0;
            foreach (var entry in entries)
            {
                var result = Put(context, entry);
                if (result.ContainsKey("ErrorCode")) failed++;
                results.Add(result);
            }
            return new JsonObject { ["FailedEntryCount"] = failed, ["Entries"] = results };
        });
    }

    private JsonObject Put(AwsRequestContext context, JsonObject entry)
    {
        var source = entry.OptionalString("Source");
        var detailType = entry.OptionalString("DetailType");
        var detail = entry.OptionalString("Detail");
        if (string.IsNullOrEmpty(source)) return Error("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
        if (string.IsNullOrEmpty(detailType)) return Error("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        if (string.IsNullOrEmpty(detail)) return Error("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
        if (source.StartsWith("aws.", StringComparison.Ordinal)) return Error("NotAuthorizedForSourceException", "Not authorized for the source.");
        JsonObject? parsed;
        try { parsed = JsonNode.Parse(detail) as JsonObject; }
        catch (JsonException) { parsed = null; }
        if (parsed is null) return Error("MalformedDetail", "Detail is malformed.");
        var id = bus.Publish(new AwsEvent
        {
            Source = source,
            DetailType = detailType,
            Detail = parsed,
            Account = context.AccountId,
            Region = context.Region,
            Resources = entry.StringList("Resources"),
            Time = entry["Time"] is JsonValue t && t.TryGetValue<double>(out var seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null,
        });
        return new JsonObject { ["EventId"] = id };
    }

    private static JsonObject Error(string code, string message) => new() { ["ErrorCode"] = code, ["ErrorMessage"] = message };
}
