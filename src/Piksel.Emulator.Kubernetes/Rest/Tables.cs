using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// Server-side printing: <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c> on get and list answers a
/// <c>meta.k8s.io</c> Table with the columns kubectl shows (the kube-apiserver's printers for the kinds it knows, Name and
/// Created At for the rest). Rows carry the object as PartialObjectMetadata unless <c>includeObject</c> says otherwise.
/// </summary>
public static class Tables
{
    /// <summary>A column definition: name, type (string, integer, date…), format, priority (0 default, 1 wide).</summary>
    public sealed record Column(string Name, string Type, string Description, string Format = "", int Priority = 0)
    {
        internal JsonObject ToJson() => new()
        {
            ["name"] = Name,
            ["type"] = Type,
            ["format"] = Format,
            ["description"] = Description,
            ["priority"] = Priority,
        };
    }

    internal const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    internal const string CreationDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    internal static readonly Column NameColumn = new("Name", "string", NameDescription, "name");
    internal static readonly Column AgeColumn = new("Age", "string", CreationDescription);

    /// <summary>The Table version the client asked for first (<c>v1</c> or <c>v1beta1</c>), or null when it prefers plain JSON.</summary>
    public static string? Requested(HttpContext http)
    {
        foreach (var range in http.Request.Headers.Accept.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] is not ("application/json" or "*/*" or "application/*")) continue;
            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            if (!parameters.TryGetValue("as", out var kind)) return null;
            if (kind == "Table" && parameters.GetValueOrDefault("g") == "meta.k8s.io" && parameters.GetValueOrDefault("v") is "v1" or "v1beta1")
                return parameters["v"];
        }
        return null;
    }

    /// <summary>The Table of <paramref name="objects"/> of the request's kind.</summary>
    public static JsonObject Build(ApiContext context, string version, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, long? remaining)
    {
        var type = context.Request.Type;
        var now = context.State.Time.GetUtcNow();
        var include = context.Http.Request.Query["includeObject"].ToString();
        if (include is not ("" or "None" or "Metadata" or "Object"))
            throw Api.StatusException.BadRequest($"includeObject: Unsupported value: \"{include}\": supported values: \"Metadata\", \"None\", \"Object\"");
        var (columns, cells) = type.Custom is { } custom ? Crds.CustomResourceTable.For(custom) : TablePrinters.For(type.Group, type.Kind);
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null) metadata["continue"] = continueToken;
        if (remaining is not null) metadata["remainingItemCount"] = remaining;
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. cells(obj, now)]) };
            switch (include)
            {
                case "Object": row["object"] = obj.DeepClone(); break;
                case "None": break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = $"meta.k8s.io/{version}",
                        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
                    };
                    break;
            }
            rows.Add(row);
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = $"meta.k8s.io/{version}",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)c.ToJson())]),
            ["rows"] = rows,
        };
    }

    internal static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    internal static long Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : 0;

    internal static string Name(JsonObject obj) => Str(obj["metadata"]?["name"]);

    /// <summary>The Age cell: time since creation, as k8s.io/apimachinery's duration.HumanDuration prints it.</summary>
    internal static string Age(JsonObject obj, DateTimeOffset now) =>
        DateTimeOffset.TryParse(Str(obj["metadata"]?["creationTimestamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? HumanDuration(now - created)
            : "<unknown>";

    /// <summary>duration.HumanDuration: "45s", "3m20s", "17m", "5h3m", "26h", "3d4h", "45d", "2y30d".</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return $"{seconds}s";
        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 180) return $"{minutes}m";
        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8) return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8) return (hours / 24) % 365 == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{(hours / 24) % 365}d";
        return $"{hours / 24 / 365}y";
    }
}
