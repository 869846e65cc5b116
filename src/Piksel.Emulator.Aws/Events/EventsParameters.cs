using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Events;

/// <summary>How EventBridge reads its JSON members (rule names, tags) and answers an operation.</summary>
internal static partial class EventsParameters
{
    public static JsonObject Body(AwsRequestContext context) => JsonProtocol.ParseBody(context.Body.Span);

    public static OperationCall Answer(AwsRequestContext context, Access access, Func<JsonObject> run) =>
        OperationCall.On(access, () => JsonProtocol.WriteAsync(context.Http, run()));

    /// <summary>A rule name: 1–64 of <c>[\.\-_A-Za-z0-9]</c>.</summary>
    public static string RuleName(JsonObject body, string member = "Name")
    {
        var name = body.RequiredString(member);
        if (!RuleNamePattern().IsMatch(name))
            throw EventsErrors.Validation($"1 validation error detected: Value '{name}' at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        return name;
    }

    /// <summary>Tags as <c>[{"Key":…,"Value":…}]</c>.</summary>
    public static Dictionary<string, string> Tags(JsonObject body, string member = "Tags") =>
        body.ObjectList(member).ToDictionary(t => t.RequiredString("Key"), t => t.OptionalString("Value") ?? "", StringComparer.Ordinal);

    public static JsonArray TagList(IReadOnlyDictionary<string, string> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex RuleNamePattern();
}
