using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Logs;

/// <summary>
/// Typed CloudWatch Logs client (awsJson1.1, <c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>, signing name <c>logs</c>) for
/// AWS and the embedded emulator alike. Errors surface as <see cref="AwsApiException"/> with AWS's codes
/// (<c>ResourceNotFoundException</c>, <c>ResourceAlreadyExistsException</c>, <c>AccessDeniedException</c>…).
/// </summary>
public sealed class LogsClient(AwsClientOptions options) : JsonApiClient(options, "logs", "Logs_20140328")
{
    /// <summary>Creates a log group, optionally tagged (tagging needs logs:TagResource too).</summary>
    public Task CreateLogGroupAsync(string logGroupName, IReadOnlyDictionary<string, string>? tags = null, string? kmsKeyId = null,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["logGroupName"] = logGroupName };
        if (tags is { Count: > 0 }) body["tags"] = new JsonObject(tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
        if (kmsKeyId is not null) body["kmsKeyId"] = kmsKeyId;
        return CallAsync("CreateLogGroup", body, cancellationToken);
    }

    /// <summary>Deletes a log group with its streams and events.</summary>
    public Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteLogGroup", new JsonObject { ["logGroupName"] = logGroupName }, cancellationToken);

    /// <summary>One page of the region's log groups, in name order.</summary>
    public async Task<LogGroupPage> DescribeLogGroupsAsync(DescribeLogGroupsRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new DescribeLogGroupsRequest();
        var body = new JsonObject();
        if (request.LogGroupNamePrefix is not null) body["logGroupNamePrefix"] = request.LogGroupNamePrefix;
        if (request.LogGroupNamePattern is not null) body["logGroupNamePattern"] = request.LogGroupNamePattern;
        if (request.Limit is { } limit) body["limit"] = limit;
        if (request.NextToken is not null) body["nextToken"] = request.NextToken;
        var json = await CallAsync("DescribeLogGroups", body, cancellationToken);
        var groups = (json["logGroups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => new LogGroup
        {
            LogGroupName = Str(g, "logGroupName")!,
            Arn = Str(g, "arn")!,
            LogGroupArn = Str(g, "logGroupArn"),
            CreationTime = Millis(g["creationTime"]),
            RetentionInDays = Long(g["retentionInDays"]) is { } days ? (int)days : null,
            StoredBytes = Long(g["storedBytes"]) ?? 0,
            KmsKeyId = Str(g, "kmsKeyId"),
            LogGroupClass = Str(g, "logGroupClass"),
        }).ToList();
        return new LogGroupPage(groups, Str(json, "nextToken"));
    }

    /// <summary>Every page of DescribeLogGroups.</summary>
    public async IAsyncEnumerable<LogGroup> DescribeAllLogGroupsAsync(DescribeLogGroupsRequest? request = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        request ??= new DescribeLogGroupsRequest();
        string? token = null;
        do
        {
            var page = await DescribeLogGroupsAsync(request with { NextToken = token }, cancellationToken);
            foreach (var group in page.LogGroups) yield return group;
            token = page.NextToken;
        } while (token is not null);
    }

    /// <summary>Keeps the group's events for <paramref name="retentionInDays"/> (1, 3, 5, 7, 14, 30, 60, 90… 3653).</summary>
    public Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken = default) =>
        CallAsync("PutRetentionPolicy", new JsonObject { ["logGroupName"] = logGroupName, ["retentionInDays"] = retentionInDays }, cancellationToken);

    /// <summary>Keeps the group's events forever.</summary>
    public Task DeleteRetentionPolicyAsync(string logGroupName, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteRetentionPolicy", new JsonObject { ["logGroupName"] = logGroupName }, cancellationToken);

    /// <summary>Creates a stream in a group.</summary>
    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken = default) =>
        CallAsync("CreateLogStream", new JsonObject { ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName }, cancellationToken);

    /// <summary>One page of a group's streams in name order (or by last event time).</summary>
    public async Task<LogStreamPage> DescribeLogStreamsAsync(string logGroupName, string? logStreamNamePrefix = null, int? limit = null,
        string? nextToken = null, bool orderByLastEventTime = false, bool descending = false, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["logGroupName"] = logGroupName };
        if (logStreamNamePrefix is not null) body["logStreamNamePrefix"] = logStreamNamePrefix;
        if (limit is { } l) body["limit"] = l;
        if (nextToken is not null) body["nextToken"] = nextToken;
        if (orderByLastEventTime) body["orderBy"] = "LastEventTime";
        if (descending) body["descending"] = true;
        var json = await CallAsync("DescribeLogStreams", body, cancellationToken);
        var streams = (json["logStreams"] as JsonArray ?? []).OfType<JsonObject>().Select(s => new LogStream
        {
            LogStreamName = Str(s, "logStreamName")!,
            Arn = Str(s, "arn"),
            CreationTime = Millis(s["creationTime"]),
            FirstEventTimestamp = Millis(s["firstEventTimestamp"]),
            LastEventTimestamp = Millis(s["lastEventTimestamp"]),
            LastIngestionTime = Millis(s["lastIngestionTime"]),
        }).ToList();
        return new LogStreamPage(streams, Str(json, "nextToken"));
    }

    /// <summary>Puts a batch of events (in chronological order) into a stream.</summary>
    public async Task<PutLogEventsResult> PutLogEventsAsync(string logGroupName, string logStreamName, IReadOnlyList<InputLogEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var body = new JsonObject
        {
            ["logGroupName"] = logGroupName,
            ["logStreamName"] = logStreamName,
            ["logEvents"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject { ["timestamp"] = e.Timestamp.ToUnixTimeMilliseconds(), ["message"] = e.Message })]),
        };
        var json = await CallAsync("PutLogEvents", body, cancellationToken);
        var rejected = json["rejectedLogEventsInfo"] as JsonObject;
        return new PutLogEventsResult(Int(rejected?["tooNewLogEventStartIndex"]), Int(rejected?["tooOldLogEventEndIndex"]), Int(rejected?["expiredLogEventEndIndex"]));
    }

    /// <summary>Reads a stream's events: the newest by default, the oldest first with <paramref name="startFromHead"/>.</summary>
    public async Task<LogEventPage> GetLogEventsAsync(string logGroupName, string logStreamName, bool startFromHead = false, int? limit = null,
        string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName, ["startFromHead"] = startFromHead };
        if (limit is { } l) body["limit"] = l;
        if (nextToken is not null) body["nextToken"] = nextToken;
        var json = await CallAsync("GetLogEvents", body, cancellationToken);
        var events = (json["events"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(e => new OutputLogEvent(Millis(e["timestamp"]) ?? default, Str(e, "message") ?? "", Millis(e["ingestionTime"])))
            .ToList();
        return new LogEventPage(events, Str(json, "nextForwardToken"), Str(json, "nextBackwardToken"));
    }

    /// <summary>Events of a group's streams that contain every term of <paramref name="filterPattern"/>, oldest first.</summary>
    public async Task<FilteredLogEventPage> FilterLogEventsAsync(string logGroupName, string? filterPattern = null, IReadOnlyList<string>? logStreamNames = null,
        int? limit = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["logGroupName"] = logGroupName };
        if (filterPattern is not null) body["filterPattern"] = filterPattern;
        if (logStreamNames is not null) body["logStreamNames"] = new JsonArray([.. logStreamNames.Select(n => (JsonNode)n)]);
        if (limit is { } l) body["limit"] = l;
        if (nextToken is not null) body["nextToken"] = nextToken;
        var json = await CallAsync("FilterLogEvents", body, cancellationToken);
        var events = (json["events"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(e => new FilteredLogEvent(Str(e, "logStreamName") ?? "", Millis(e["timestamp"]) ?? default, Str(e, "message") ?? "", Str(e, "eventId")))
            .ToList();
        return new FilteredLogEventPage(events, Str(json, "nextToken"));
    }

    private static long? Long(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) ? n : node is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x : null;

    private static int? Int(JsonNode? node) => Long(node) is { } n ? (int)n : null;

    // CloudWatch Logs' timestamps are epoch milliseconds, not awsJson's usual seconds.
    private static DateTimeOffset? Millis(JsonNode? node) => Long(node) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
