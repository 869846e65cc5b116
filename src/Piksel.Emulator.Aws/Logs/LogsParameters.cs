using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>How CloudWatch Logs reads its JSON members (names, limits, tokens) and answers an operation.</summary>
internal static partial class LogsParameters
{
    /// <summary>The request's JSON body.</summary>
    public static JsonObject Body(AwsRequestContext context) => JsonProtocol.ParseBody(context.Body.Span);

    /// <summary>Authorizes the operation's action on <paramref name="resource"/>, then writes what <paramref name="run"/> answers.</summary>
    public static OperationCall Answer(AwsRequestContext context, string resource, Func<JsonObject> run) =>
        OperationCall.On(resource, () => JsonProtocol.WriteAsync(context.Http, run()));

    public static string Required(JsonObject body, string name) =>
        body.OptionalString(name) ?? throw LogsErrors.Missing(name);

    /// <summary>A group name: 1–512 of <c>[\.\-_/#A-Za-z0-9]</c>.</summary>
    public static string GroupName(JsonObject body, string member = "logGroupName")
    {
        var name = Required(body, member);
        if (name.Length is 0 or > 512)
            throw LogsErrors.Validation(member, name, "Member must have length between 1 and 512");
        if (!GroupNamePattern().IsMatch(name))
            throw LogsErrors.Validation(member, name, @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+");
        return name;
    }

    /// <summary>The group named by logGroupName or logGroupIdentifier (a name or an ARN, with or without <c>:*</c>).</summary>
    public static string GroupNameOrIdentifier(JsonObject body)
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
    public static string StreamName(JsonObject body)
    {
        var name = Required(body, "logStreamName");
        if (name.Length is 0 or > 512)
            throw LogsErrors.Validation("logStreamName", name, "Member must have length between 1 and 512");
        if (name.Contains(':') || name.Contains('*'))
            throw LogsErrors.Validation("logStreamName", name, "Member must satisfy regular expression pattern: [^:*]*");
        return name;
    }

    public static int Limit(JsonObject body, int max, int fallback)
    {
        var limit = body.OptionalLong("limit") ?? fallback;
        if (limit < 1 || limit > max)
            throw LogsErrors.Validation("limit", limit.ToString(CultureInfo.InvariantCulture), $"Member must have value between 1 and {max.ToString(CultureInfo.InvariantCulture)}");
        return (int)limit;
    }

    public static string Token(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    public static string ReadToken(string token)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
        catch (FormatException) { throw LogsErrors.InvalidToken(); }
    }

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    // Upload sequence tokens are no longer checked by CloudWatch Logs, but still answered: a long decimal string.
    public static string SequenceToken(long batches) => (49_000_000_000_000_000L + batches).ToString(CultureInfo.InvariantCulture) + "0000000000000000000000000000000000";

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex GroupNamePattern();
}
