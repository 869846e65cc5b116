using System.Globalization;
using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Rest.Tables;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The Table columns of Events, core/v1 and events.k8s.io/v1 alike (the API server prints both through the same
/// internal type, so the newer API's regarding/note/deprecated* fields fill the older one's cells).
/// </summary>
internal static class EventTablePrinters
{
    /// <summary>The printer of Events in <paramref name="group"/>, or null for any other kind.</summary>
    internal static (IReadOnlyList<Column> Columns, TablePrinters.Cells Cells)? For(string group, string kind) => (group, kind) switch
    {
        ("", "Event") => (Columns, (o, now) => Cells(Fields.Core, o, now)),
        ("events.k8s.io", "Event") => (Columns, (o, now) => Cells(Fields.EventsV1, o, now)),
        _ => null,
    };

    private static readonly Column[] Columns =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.", Priority: 1),
        new("Source", "string", "The component reporting this event. Should be a short machine understandable string.", Priority: 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", Priority: 1),
        new("Count", "string", "The number of times this event has occurred.", Priority: 1),
        new("Name", "string", NameDescription, "name", Priority: 1),
    ];

    /// <summary>Where each API version keeps the fields the columns read.</summary>
    private sealed record Fields(string Regarding, string Message, string First, string Last, string Count, string Source)
    {
        internal static readonly Fields Core = new("involvedObject", "message", "firstTimestamp", "lastTimestamp", "count", "source");
        internal static readonly Fields EventsV1 = new("regarding", "note", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource");
    }

    private static IEnumerable<JsonNode?> Cells(Fields f, JsonObject ev, DateTimeOffset now)
    {
        // Events from the newer recorders carry only eventTime (and series once they repeat): first seen falls back to it,
        // last seen to first seen, and a singleton without a count counts once.
        var first = Since(Time(ev["eventTime"]) ?? Time(ev[f.First]), now);
        var last = Time(ev[f.Last]) is { } lastTime ? Since(lastTime, now) : first;
        var count = Int(ev[f.Count]);
        if (ev["series"] is JsonObject series)
        {
            last = Since(Time(series["lastObservedTime"]), now);
            count = Int(series["count"]);
        }
        else if (count == 0)
        {
            count = 1;
        }
        var regarding = ev[f.Regarding];
        var kind = Str(regarding?["kind"]).ToLowerInvariant();
        var target = Str(regarding?["name"]) is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        var component = FirstNonEmpty(Str(ev[f.Source]?["component"]), Str(ev["reportingComponent"]), Str(ev["reportingController"]));
        var instance = FirstNonEmpty(Str(ev[f.Source]?["host"]), Str(ev["reportingInstance"]));
        return
        [
            last, Str(ev["type"]), Str(ev["reason"]), target, Str(regarding?["fieldPath"]),
            instance.Length == 0 ? component : $"{component}, {instance}",
            Str(ev[f.Message]).Trim(), first, count, Name(ev),
        ];
    }

    private static string FirstNonEmpty(params string[] values) => values.FirstOrDefault(v => v.Length > 0) ?? "";

    private static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? HumanDuration(now - t) : "<unknown>";

    private static DateTimeOffset? Time(JsonNode? node) =>
        Str(node) is { Length: > 0 } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
