using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Piksel.Emulator.Aws.Events;

/// <summary>
/// An EventBridge event pattern: a JSON object whose leaves are arrays of allowed values. A field matches when any of
/// its values (an event field may itself be an array) matches any entry: an exact value, or a content filter —
/// <c>prefix</c>, <c>suffix</c>, <c>anything-but</c>, <c>exists</c>, <c>numeric</c>, <c>equals-ignore-case</c>,
/// <c>wildcard</c>. Nested objects match nested event fields; every field of the pattern must match.
/// </summary>
internal sealed class EventPattern
{
    private static readonly HashSet<string> Filters = new(["prefix", "suffix", "anything-but", "exists", "numeric", "equals-ignore-case", "wildcard", "cidr"], StringComparer.Ordinal);
    private readonly JsonObject pattern;

    private EventPattern(JsonObject pattern) => this.pattern = pattern;

    /// <summary>Parses and checks <paramref name="text"/>; throws InvalidEventPatternException with the reason.</summary>
    public static EventPattern Parse(string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e) { throw EventsErrors.InvalidPattern($"Filter is not valid JSON: {e.Message}"); }
        if (node is not JsonObject root || root.Count == 0) throw EventsErrors.InvalidPattern("Filter is not an object");
        Check(root);
        return new EventPattern(root);
    }

    /// <summary>True when <paramref name="evt"/> (the event's envelope) matches every field of the pattern.</summary>
    public bool Matches(JsonObject evt) => MatchObject(pattern, evt);

    private static void Check(JsonObject level)
    {
        foreach (var (name, value) in level)
        {
            switch (value)
            {
                case JsonObject nested:
                    if (nested.Count == 0) throw EventsErrors.InvalidPattern($"Empty objects are not allowed (\"{name}\")");
                    Check(nested);
                    break;
                case JsonArray allowed:
                    foreach (var entry in allowed)
                    {
                        if (entry is JsonObject filter && (filter.Count != 1 || !Filters.Contains(filter.First().Key)))
                            throw EventsErrors.InvalidPattern($"Unrecognized match type {string.Join(",", filter.Select(f => f.Key))}");
                        if (entry is JsonArray) throw EventsErrors.InvalidPattern($"Match value must be String, number, true, false, or null (\"{name}\")");
                    }
                    break;
                default:
                    throw EventsErrors.InvalidPattern($"Match value must be an array (\"{name}\")");
            }
        }
    }

    private static bool MatchObject(JsonObject level, JsonObject? evt)
    {
        foreach (var (name, value) in level)
        {
            var field = evt?[name];
            var present = evt is not null && evt.ContainsKey(name);
            var ok = value switch
            {
                JsonObject nested => field is JsonObject inner ? MatchObject(nested, inner) : MatchObject(nested, null) && !present,
                JsonArray allowed => MatchField(allowed, field, present),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool MatchField(JsonArray allowed, JsonNode? field, bool present)
    {
        var values = field is JsonArray many ? [.. many] : new List<JsonNode?> { field };
        foreach (var entry in allowed)
        {
            if (entry is JsonObject filter && filter.First() is var (kind, argument) && kind == "exists")
            {
                var wantsPresent = argument is JsonValue v && v.GetValueKind() == JsonValueKind.True;
                var isLeaf = present && field is not JsonObject;
                if (wantsPresent == isLeaf) return true;
                continue;
            }
            if (!present) continue;
            if (values.Any(v => MatchValue(entry, v))) return true;
        }
        return false;
    }

    private static bool MatchValue(JsonNode? entry, JsonNode? value)
    {
        if (entry is not JsonObject filter) return Same(entry, value);
        var (kind, argument) = filter.First();
        var text = value is JsonValue sv && sv.GetValueKind() == JsonValueKind.String ? sv.GetValue<string>() : null;
        return kind switch
        {
            "prefix" => text is not null && Text(argument) is { } p && text.StartsWith(p, StringComparison.Ordinal),
            "suffix" => text is not null && Text(argument) is { } s && text.EndsWith(s, StringComparison.Ordinal),
            "equals-ignore-case" => text is not null && string.Equals(text, Text(argument), StringComparison.OrdinalIgnoreCase),
            "wildcard" => text is not null && Text(argument) is { } w && Regex.IsMatch(text, "^" + string.Join(".*", w.Split('*').Select(Regex.Escape)) + "$", RegexOptions.None, TimeSpan.FromSeconds(1)),
            "anything-but" => !AnythingBut(argument, value, text),
            "numeric" => Number(value) is { } n && Numeric(argument as JsonArray, n),
            _ => false,
        };
    }

    /// <summary>True when <paramref name="value"/> is what anything-but excludes (one value, a list, or a prefix/suffix).</summary>
    private static bool AnythingBut(JsonNode? argument, JsonNode? value, string? text) => argument switch
    {
        JsonArray list => list.Any(e => Same(e, value)),
        JsonObject { Count: 1 } inner when inner.First() is var (k, a) && k == "prefix" => text is not null && Text(a) is { } p && text.StartsWith(p, StringComparison.Ordinal),
        JsonObject { Count: 1 } inner when inner.First() is var (k, a) && k == "suffix" => text is not null && Text(a) is { } s && text.EndsWith(s, StringComparison.Ordinal),
        JsonObject => false,
        _ => Same(argument, value),
    };

    private static bool Numeric(JsonArray? conditions, double value)
    {
        if (conditions is null || conditions.Count % 2 != 0) return false;
        for (var i = 0; i < conditions.Count; i += 2)
        {
            if (Number(conditions[i + 1]) is not { } bound) return false;
            var ok = Text(conditions[i]) switch
            {
                "=" => value == bound,
                ">" => value > bound,
                ">=" => value >= bound,
                "<" => value < bound,
                "<=" => value <= bound,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (Number(a) is { } x && Number(b) is { } y && a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number) return x == y;
        return JsonNode.DeepEquals(a, b);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : null;
}
