using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// One stored object: its serialised JSON (immutable; reads hand out fresh copies) and the fields lists and
/// selectors need without parsing it.
/// </summary>
public sealed record StoredObject(ResourceType Type, string Namespace, string Name, long ResourceVersion, byte[] Json)
{
    private JsonObject? parsed;

    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => (JsonNode.Parse(Json) as JsonObject)!;

    /// <summary>A shared read-only view of the object (do not mutate).</summary>
    public JsonObject View => parsed ??= ToJsonObject();

    /// <summary>The object's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels => ReadMap("labels");

    /// <summary>The object's annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations => ReadMap("annotations");

    private Dictionary<string, string> ReadMap(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (View["metadata"]?[name] is JsonObject o)
        {
            foreach (var (k, v) in o)
                if (v is JsonValue value && value.TryGetValue<string>(out var s)) map[k] = s;
        }

        return map;
    }

    /// <summary>How objects are written: like Go's encoding/json, quotes as \" rather than \u0022.</summary>
    public static readonly JsonSerializerOptions WireOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static byte[] Serialize(JsonObject obj) => JsonSerializer.SerializeToUtf8Bytes(obj, WireOptions);

    /// <summary>This object's content stamped with another resourceVersion (what a DELETED event carries).</summary>
    internal StoredObject WithResourceVersion(long version)
    {
        var copy = ToJsonObject();
        if (copy["metadata"] is JsonObject metadata) metadata["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return this with { ResourceVersion = version, Json = Serialize(copy), parsed = null };
    }
}

/// <summary>What happened to an object: ADDED, MODIFIED or DELETED, at a resourceVersion (or a BOOKMARK carrying only a version).</summary>
public sealed record WatchEvent(string Type, StoredObject Object)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";

    /// <summary>The object before the write (null for a create): a filtered watch needs it to tell an object leaving its selector.</summary>
    public StoredObject? Previous { get; init; }
}
