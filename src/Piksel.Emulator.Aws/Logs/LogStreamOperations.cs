using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Logs.LogsParameters;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>Log streams in a group: create, delete, describe.</summary>
internal sealed class LogStreamOperations(LogsStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateLogStream", "logs:CreateLogStream", CreateLogStream)
        .Add("DeleteLogStream", "logs:DeleteLogStream", DeleteLogStream)
        .Add("DescribeLogStreams", "logs:DescribeLogStreams", DescribeLogStreams);

    private OperationCall CreateLogStream(AwsRequestContext context)
    {
        var body = Body(context);
        var group = GroupName(body);
        var name = StreamName(body);
        return Answer(context, LogsStore.StreamArn(context, group, name), () =>
        {
            store.Group(context, group);
            var stream = new LogStreamRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                Group = group,
                Name = name,
                CreationTime = context.Time.GetUtcNow(),
            };
            if (!store.Streams.TryAdd(LogsStore.StreamRow(stream), stream)) throw LogsErrors.StreamExists();
            return [];
        });
    }

    private OperationCall DeleteLogStream(AwsRequestContext context)
    {
        var body = Body(context);
        var group = GroupName(body);
        var name = StreamName(body);
        return Answer(context, LogsStore.StreamArn(context, group, name), () =>
        {
            var stream = store.Stream(context, group, name);
            foreach (var (key, _) in store.Events.Items.Where(e => LogsStore.IsOf(e.Value, stream)).ToList()) store.Events.Remove(key);
            store.Streams.Remove(LogsStore.StreamRow(stream));
            return [];
        });
    }

    private OperationCall DescribeLogStreams(AwsRequestContext context)
    {
        var body = Body(context);
        var group = GroupNameOrIdentifier(body);
        return Answer(context, LogsStore.GroupArn(context, group), () =>
        {
            var prefix = body.OptionalString("logStreamNamePrefix");
            var orderBy = body.OptionalString("orderBy") ?? "LogStreamName";
            if (orderBy is not ("LogStreamName" or "LastEventTime"))
                throw LogsErrors.Validation("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
            if (orderBy == "LastEventTime" && prefix is not null)
                throw LogsErrors.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
            var descending = body.OptionalBool("descending") ?? false;
            var limit = Limit(body, 50, 50);
            store.Group(context, group);

            var matching = store.Streams.Values
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
        });
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
}
