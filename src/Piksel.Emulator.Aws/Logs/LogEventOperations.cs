using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Logs.LogsParameters;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>Events: PutLogEvents with CloudWatch's time window, GetLogEvents with forward/backward tokens, FilterLogEvents.</summary>
internal sealed class LogEventOperations(LogsStore store) : IOperationGroup
{
    private static readonly TimeSpan TooOld = TimeSpan.FromDays(14);
    private static readonly TimeSpan TooNew = TimeSpan.FromHours(2);

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutLogEvents", "logs:PutLogEvents", PutLogEvents)
        .Add("GetLogEvents", "logs:GetLogEvents", GetLogEvents)
        .Add("FilterLogEvents", "logs:FilterLogEvents", FilterLogEvents);

    private OperationCall PutLogEvents(AwsRequestContext context)
    {
        var body = Body(context);
        var group = GroupName(body);
        var name = StreamName(body);
        var input = (body["logEvents"] as JsonArray ?? throw LogsErrors.Missing("logEvents"))
            .Select(e => e as JsonObject ?? throw LogsErrors.Missing("logEvents.member"))
            .Select(e => new LogEventRecord(
                e.OptionalLong("timestamp") ?? throw LogsErrors.Missing("logEvents.member.timestamp"),
                e.OptionalString("message") ?? throw LogsErrors.Missing("logEvents.member.message"), 0))
            .ToList();
        if (input.Count is 0 or > 10_000)
            throw LogsErrors.Validation("logEvents", "[...]", "Member must have length between 1 and 10000");
        for (var i = 1; i < input.Count; i++)
        {
            if (input[i].Timestamp < input[i - 1].Timestamp)
                throw LogsErrors.InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
        }

        if (input[^1].Timestamp - input[0].Timestamp > (long)TimeSpan.FromHours(24).TotalMilliseconds)
            throw LogsErrors.InvalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        return Answer(context, LogsStore.StreamArn(context, group, name), () => Put(context, group, name, input));
    }

    private JsonObject Put(AwsRequestContext context, string group, string name, List<LogEventRecord> input)
    {
        var owner = store.Group(context, group);
        var stream = store.Stream(owner, name);
        var retention = owner.RetentionInDays;

        // Events outside CloudWatch's window are rejected, not failed: the answer says which (they are sorted, so
        // the too-old ones lead and the too-new ones trail).
        var now = context.Time.GetUtcNow();
        var ingested = Millis(now);
        var oldest = Millis(now - TooOld);
        var expired = retention is { } days ? Millis(now - TimeSpan.FromDays(days)) : long.MinValue;
        var newest = Millis(now + TooNew);
        var rejected = new JsonObject();
        var tooOldEnd = input.FindLastIndex(e => e.Timestamp < oldest);
        var expiredEnd = input.FindLastIndex(e => e.Timestamp < expired);
        var tooNewStart = input.FindIndex(e => e.Timestamp > newest);
        if (tooOldEnd >= 0) rejected["tooOldLogEventEndIndex"] = tooOldEnd + 1;
        if (expiredEnd >= 0) rejected["expiredLogEventEndIndex"] = expiredEnd + 1;
        if (tooNewStart >= 0) rejected["tooNewLogEventStartIndex"] = tooNewStart;
        var accepted = input.Where(e => e.Timestamp >= oldest && e.Timestamp >= expired && e.Timestamp <= newest)
            .Select(e => e with { IngestionTime = ingested }).ToList();

        var sequence = stream.Batches;
        if (accepted.Count > 0)
        {
            // The batch's sequence comes from the stream's atomic update, so concurrent puts to one stream each take
            // their own batch row rather than overwriting one another's.
            var updated = store.Streams.Update(LogsStore.StreamRow(stream), s => s is null ? null : s with
            {
                FirstEventTimestamp = Math.Min(s.FirstEventTimestamp ?? long.MaxValue, accepted[0].Timestamp),
                LastEventTimestamp = Math.Max(s.LastEventTimestamp ?? long.MinValue, accepted[^1].Timestamp),
                LastIngestionTime = ingested,
                Batches = s.Batches + 1,
            }) ?? throw LogsErrors.StreamNotFound();
            sequence = updated.Batches - 1;
            store.Events.Put(LogsStore.BatchRow(stream, sequence), new LogEventBatchRecord
            {
                Account = stream.Account,
                Region = stream.Region,
                Group = stream.Group,
                Stream = stream.Name,
                Sequence = sequence,
                Events = accepted,
            });
        }
        var answer = new JsonObject { ["nextSequenceToken"] = SequenceToken(sequence + 1) };
        if (rejected.Count > 0) answer["rejectedLogEventsInfo"] = rejected;
        return answer;
    }

    private OperationCall GetLogEvents(AwsRequestContext context)
    {
        var body = Body(context);
        var group = GroupNameOrIdentifier(body);
        var name = StreamName(body);
        return Answer(context, LogsStore.StreamArn(context, group, name), () =>
        {
            var stream = store.Stream(context, group, name);
            var limit = Limit(body, 10_000, 10_000);
            var start = body.OptionalLong("startTime") ?? long.MinValue;
            var end = body.OptionalLong("endTime") ?? long.MaxValue;
            var all = store.StreamEvents(stream).Where(e => e.Timestamp >= start && e.Timestamp < end).ToList();

            // Tokens are positions: f/N reads forward from N, b/N reads the events before N. Without a token the
            // newest events come back, or the oldest with startFromHead.
            int from, to;
            if (body.OptionalString("nextToken") is { } token)
            {
                if (token.Length < 3 || token[1] != '/' || !int.TryParse(token[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var at) || at > all.Count)
                    throw LogsErrors.InvalidToken();
                (from, to) = token[0] switch
                {
                    'f' => (at, Math.Min(all.Count, at + limit)),
                    'b' => (Math.Max(0, at - limit), at),
                    _ => throw LogsErrors.InvalidToken(),
                };
            }
            else if (body.OptionalBool("startFromHead") == true)
            {
                (from, to) = (0, Math.Min(all.Count, limit));
            }
            else
            {
                (from, to) = (Math.Max(0, all.Count - limit), all.Count);
            }

            return new JsonObject
            {
                ["events"] = new JsonArray([.. all.Skip(from).Take(to - from).Select(e => (JsonNode)Event(e))]),
                ["nextForwardToken"] = "f/" + to.ToString("D56", CultureInfo.InvariantCulture),
                ["nextBackwardToken"] = "b/" + from.ToString("D56", CultureInfo.InvariantCulture),
            };
        });
    }

    private OperationCall FilterLogEvents(AwsRequestContext context)
    {
        var body = Body(context);
        var group = GroupNameOrIdentifier(body);
        // Coral reads and checks the whole input before it looks for the group.
        var names = body.OptionalArray("logStreamNames") is null ? null : body.StringList("logStreamNames");
        var prefix = body.OptionalString("logStreamNamePrefix");
        var start = body.OptionalLong("startTime") ?? long.MinValue;
        var end = body.OptionalLong("endTime") ?? long.MaxValue;
        var pattern = body.OptionalString("filterPattern");
        var limit = Limit(body, 10_000, 10_000);
        var token = body.OptionalString("nextToken");
        return Answer(context, LogsStore.GroupArn(context, group), () =>
        {
            store.Group(context, group);
            if (names is not null && prefix is not null)
                throw LogsErrors.InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
            var terms = LogFilterPattern.Terms(pattern);
            var offset = token is not null
                ? int.TryParse(ReadToken(token), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : throw LogsErrors.InvalidToken()
                : 0;

            var matching = store.Streams.Values
                .Where(s => s.Account == context.AccountId && s.Region == context.Region && s.Group == group)
                .Where(s => (names is null || names.Contains(s.Name)) && (prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal)))
                .SelectMany(s => store.StreamEvents(s).Select((e, i) => (Stream: s.Name, Index: i, Event: e)))
                .Where(r => r.Event.Timestamp >= start && r.Event.Timestamp < end)
                .Where(r => terms.All(t => r.Event.Message.Contains(t, StringComparison.Ordinal)))
                .OrderBy(r => r.Event.Timestamp).ThenBy(r => r.Stream, StringComparer.Ordinal).ThenBy(r => r.Index)
                .ToList();
            var page = matching.Skip(offset).Take(limit).ToList();
            var answer = new JsonObject
            {
                ["events"] = new JsonArray([.. page.Select(r =>
                {
                    var json = Event(r.Event);
                    json["logStreamName"] = r.Stream;
                    json["eventId"] = $"{r.Event.Timestamp.ToString(CultureInfo.InvariantCulture)}{r.Index.ToString("D10", CultureInfo.InvariantCulture)}";
                    return (JsonNode)json;
                })]),
                ["searchedLogStreams"] = new JsonArray(),
            };
            if (offset + page.Count < matching.Count) answer["nextToken"] = Token((offset + page.Count).ToString(CultureInfo.InvariantCulture));
            return answer;
        });
    }

    private static JsonObject Event(LogEventRecord e) =>
        new() { ["timestamp"] = e.Timestamp, ["message"] = e.Message, ["ingestionTime"] = e.IngestionTime };
}
