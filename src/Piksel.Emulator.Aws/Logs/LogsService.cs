using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>
/// CloudWatch Logs (awsJson1.1, <c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>, signing name <c>logs</c>): log groups with
/// retention and tags, log streams, and events put and read back (durable). Every operation is authorized with the
/// real action name on the group's ARN (<c>arn:aws:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;name&gt;:*</c>), a stream's
/// ARN for stream operations, or <c>log-group:*</c> for listing groups; denials are AccessDeniedException, HTTP 400.
/// </summary>
public sealed partial class LogsService : IAwsService
{
    private const string TargetPrefix = "Logs_20140328.";
    private readonly Table<LogGroupRecord> groups;
    private readonly Table<LogStreamRecord> streams;
    private readonly Table<LogEventBatchRecord> events;

    /// <summary>The service over the shared state.</summary>
    public LogsService(EmulatorState state)
    {
        groups = state.Store.Table<LogGroupRecord>("logs.groups");
        streams = state.Store.Table<LogStreamRecord>("logs.streams");
        events = state.Store.Table<LogEventBatchRecord>("logs.events");
    }

    /// <inheritdoc />
    public string SigningName => "logs";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var target = context.Http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : "";
        var body = JsonProtocol.ParseBody(context.Body.Span);
        JsonObject answer = operation switch
        {
            "CreateLogGroup" => CreateLogGroup(context, body),
            "DeleteLogGroup" => DeleteLogGroup(context, body),
            "DescribeLogGroups" => DescribeLogGroups(context, body),
            "PutRetentionPolicy" => PutRetentionPolicy(context, body),
            "DeleteRetentionPolicy" => DeleteRetentionPolicy(context, body),
            "CreateLogStream" => CreateLogStream(context, body),
            "DeleteLogStream" => DeleteLogStream(context, body),
            "DescribeLogStreams" => DescribeLogStreams(context, body),
            "PutLogEvents" => PutLogEvents(context, body),
            "GetLogEvents" => GetLogEvents(context, body),
            "FilterLogEvents" => FilterLogEvents(context, body),
            _ => throw new AwsServiceException("UnknownOperationException", $"Operation {operation} is not supported by the CloudWatch Logs emulator."),
        };
        return JsonProtocol.WriteAsync(context.Http, answer);
    }

    private static string GroupArn(AwsRequestContext context, string name) => LogGroupRecord.ArnOf(context.Region, context.AccountId, name);

    private static string StreamArn(AwsRequestContext context, string group, string stream) =>
        LogStreamRecord.ArnOf(context.Region, context.AccountId, group, stream);

    private static string GroupRow(string account, string region, string name) => $"{account}/{region}/{name}";

    // Group names cannot hold ':', so it separates group from stream.
    private static string StreamRow(string account, string region, string group, string stream) => $"{account}/{region}/{group}:{stream}";

    private static string StreamRow(LogStreamRecord s) => StreamRow(s.Account, s.Region, s.Group, s.Name);

    private LogGroupRecord Group(AwsRequestContext context, string name) =>
        groups.Find(GroupRow(context.AccountId, context.Region, name)) ?? throw LogsErrors.GroupNotFound();

    private static string Required(JsonObject body, string name) =>
        body.OptionalString(name) ?? throw LogsErrors.Missing(name);

    /// <summary>A group name: 1–512 of <c>[\.\-_/#A-Za-z0-9]</c>.</summary>
    private static string GroupName(JsonObject body, string member = "logGroupName")
    {
        var name = Required(body, member);
        if (name.Length is 0 or > 512)
            throw LogsErrors.Validation(member, name, "Member must have length between 1 and 512");
        if (!GroupNamePattern().IsMatch(name))
            throw LogsErrors.Validation(member, name, @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+");
        return name;
    }

    /// <summary>The group named by logGroupName or logGroupIdentifier (a name or an ARN, with or without <c>:*</c>).</summary>
    private static string GroupNameOrIdentifier(JsonObject body)
    {
        if (body.OptionalString("logGroupIdentifier") is not { } identifier) return GroupName(body);
        if (body.OptionalString("logGroupName") is not null)
            throw LogsErrors.InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal)) return identifier;
        var at = identifier.IndexOf(":log-group:", StringComparison.Ordinal);
        if (at < 0) throw LogsErrors.InvalidParameter("Invalid log group identifier.");
        var name = identifier[(at + ":log-group:".Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    /// <summary>A stream name: 1–512 characters without <c>:</c> or <c>*</c>.</summary>
    private static string StreamName(JsonObject body)
    {
        var name = Required(body, "logStreamName");
        if (name.Length is 0 or > 512)
            throw LogsErrors.Validation("logStreamName", name, "Member must have length between 1 and 512");
        if (name.Contains(':') || name.Contains('*'))
            throw LogsErrors.Validation("logStreamName", name, "Member must satisfy regular expression pattern: [^:*]*");
        return name;
    }

    private static int Limit(JsonObject body, int max, int fallback)
    {
        var limit = body.OptionalLong("limit") ?? fallback;
        if (limit < 1 || limit > max)
            throw LogsErrors.Validation("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Member must have value between 1 and {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return (int)limit;
    }

    private static string Token(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string ReadToken(string token)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
        catch (FormatException) { throw LogsErrors.InvalidToken(); }
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex GroupNamePattern();
}
