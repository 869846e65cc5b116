using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The size limits kube-apiserver's validation puts on objects, each a 422 Invalid in its words: annotations at most
/// 256 KiB together (ValidateAnnotationsSize), a ConfigMap's data and binaryData at most 1 MiB together (field
/// <c>[]</c>, the whole object), a Secret's data at most 1 MiB (MaxSecretSize). How many keys does not matter.
/// </summary>
internal static class ObjectLimits
{
    /// <summary>ConfigMap and Secret payload limit: 1,048,576 bytes.</summary>
    public const int MaxDataBytes = 1024 * 1024;

    /// <summary>All annotations, keys and values: 262,144 bytes.</summary>
    public const int MaxAnnotationBytes = 256 * 1024;

    /// <summary>Throws 422 Invalid when <paramref name="obj"/> is over a limit of its kind.</summary>
    public static void Check(ResourceType type, JsonObject obj)
    {
        var name = Meta.Name(obj) ?? "";
        if (obj["metadata"]?["annotations"] is JsonObject annotations && Size(annotations, TextBytes, keys: true) > MaxAnnotationBytes)
            throw TooLong(type, name, "metadata.annotations", MaxAnnotationBytes);
        if (type.Group.Length != 0) return;
        if (type.Kind == "ConfigMap")
        {
            var total = Size(obj["data"] as JsonObject, TextBytes) + Size(obj["binaryData"] as JsonObject, Base64Bytes);
            if (total > MaxDataBytes) throw TooLong(type, name, "[]", MaxDataBytes);
        }
        else if (type.Kind == "Secret")
        {
            var total = Size(obj["data"] as JsonObject, Base64Bytes) + Size(obj["stringData"] as JsonObject, TextBytes);
            if (total > MaxDataBytes) throw TooLong(type, name, "data", MaxDataBytes);
        }
    }

    private static long Size(JsonObject? map, Func<JsonNode?, long> valueBytes, bool keys = false) =>
        map?.Sum(kv => (keys ? Encoding.UTF8.GetByteCount(kv.Key) : 0) + valueBytes(kv.Value)) ?? 0;

    private static long TextBytes(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? Encoding.UTF8.GetByteCount(s) : 0;

    /// <summary>The decoded length of a base64 value (data is kept encoded in JSON).</summary>
    private static long Base64Bytes(JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var s)) return 0;
        var length = s.Count(c => c is not ('\r' or '\n'));
        var padding = s.EndsWith("==", StringComparison.Ordinal) ? 2 : s.EndsWith('=') ? 1 : 0;
        return Math.Max(0, (length / 4 * 3) - padding);
    }

    private static StatusException TooLong(ResourceType type, string name, string field, int limit) =>
        StatusException.Invalid(type, name, (field, "FieldValueTooLong", $"Too long: must have at most {limit} bytes"));
}
