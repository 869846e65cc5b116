using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>Log streams in a group: create, delete, describe.</summary>
public sealed partial class LogsService
{
    private JsonObject CreateLogStream(AwsRequestContext context, JsonObject body)
    {
        var group = GroupName(body);
        var name = StreamName(body);
        context.Authorize("logs:CreateLogStream", StreamArn(context, group, name));
        Group(context, group);
        var stream = new LogStreamRecord
        {
            Account = context.AccountId,
            Region = context.Region,
            Group = group,
            Name = name,
            CreationTime = context.Time.GetUtcNow(),
        };
        if (!streams.TryAdd(StreamRow(stream), stream)) throw LogsErrors.StreamExists();
        return [];
    }

    private JsonObject DeleteLogStream(AwsRequestContext context, JsonObject body)
    {
        var group = GroupName(body);
        var name = StreamName(body);
        context.Authorize("logs:DeleteLogStream", StreamArn(context, group, name));
        var stream = Stream(context, group, name);
        foreach (var (key, _) in events.Items.Where(e => IsOf(e.Value, stream)).ToList()) events.Remove(key);
        streams.Remove(StreamRow(stream));
        return [];
    }

    private JsonObject DescribeLogStreams(AwsRequestContext context, JsonObject body)
    {
        var group = GroupNameOrIdentifier(body);
        context.Authorize("logs:DescribeLogStreams", GroupArn(context, group));
        var prefix = body.OptionalString("logStreamNamePrefix");
        var orderBy = body.OptionalString("orderBy") ?? "LogStreamName";
        if (orderBy is not ("LogStreamName" or "LastEventTime"))
            throw LogsErrors.Validation("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        if (orderBy == "LastEventTime" && prefix is not null)
            throw LogsErrors.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        var descending = body.OptionalBool("descending") ?? false;
        var limit = Limit(body, 50, 50);
        Group(context, group);

        var matching = streams.Values
            .Where(s => s.Account == context.AccountId && s.Region == context.Region && s.Group == group)
            .Where(s => prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal));
        Func<LogStreamRecord, long> lastEvent = s => s.LastEventTimestamp ?? 0;
        var ordered = (orderBy, descending) switch
        {
            ("LastEventTime", false) => matching.OrderBy(lastEvent).ThenBy(s => s.Name, StringComparer.Ordinal),
            ("LastEventTime", true) => matching.OrderByDescending(lastEvent).ThenBy(s => s.Name, StringComparer.Ordinal),
            (_, true) => matching.OrderByDescending(s => s.Name, StringComparer.Ordinal),
            _ => matching.OrderBy(s => s.Name, StringComparer.Ordinal),
        };
        var all = ordered.ToList();
        var offset = body.OptionalString("nextToken") is { } token
            ? int.TryParse(ReadToken(token), NumberStyles.None, CultureInfo.InvariantCulture, out var o) && o <= all.Count ? o : throw LogsErrors.InvalidToken()
            : 0;
        var page = all.Skip(offset).Take(limit).ToList();
        var answer = new JsonObject { ["logStreams"] = new JsonArray([.. page.Select(s => (JsonNode)Describe(s))]) };
        if (offset + page.Count < all.Count) answer["nextToken"] = Token((offset + page.Count).ToString(CultureInfo.InvariantCulture));
        return answer;
    }

    private static JsonObject Describe(LogStreamRecord stream)
    {
        var json = new JsonObject { ["logStreamName"] = stream.Name, ["creationTime"] = Millis(stream.CreationTime) };
        if (stream.FirstEventTimestamp is { } first) json["firstEventTimestamp"] = first;
        if (stream.LastEventTimestamp is { } last) json["lastEventTimestamp"] = last;
        if (stream.LastIngestionTime is { } ingested) json["lastIngestionTime"] = ingested;
        json["uploadSequenceToken"] = SequenceToken(stream.Batches);
        json["arn"] = stream.Arn;
        json["storedBytes"] = 0;
        return json;
    }

    private LogStreamRecord Stream(AwsRequestContext context, string group, string name) => Stream(Group(context, group), name);

    private LogStreamRecord Stream(LogGroupRecord group, string name) =>
        streams.Find(StreamRow(group.Account, group.Region, group.Name, name)) ?? throw LogsErrors.StreamNotFound();

    private static bool IsOf(LogEventBatchRecord batch, LogStreamRecord stream) =>
        batch.Account == stream.Account && batch.Region == stream.Region && batch.Group == stream.Group && batch.Stream == stream.Name;

    // Upload sequence tokens are no longer checked by CloudWatch Logs, but still answered: a long decimal string.
    private static string SequenceToken(long batches) => (49_000_000_000_000_000L + batches).ToString(CultureInfo.InvariantCulture) + "0000000000000000000000000000000000";
}
