using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// A Secret's <c>stringData</c> is write-only: k8s.io/api's conversion to the internal Secret (Convert_v1_Secret_To_core_Secret)
/// base64-encodes each value into <c>data</c>, where it wins over a <c>data</c> entry of the same key, and the internal
/// type has no stringData, so it is never stored nor returned. It runs on every write (create, update, patch, apply),
/// before validation and the size limit, which therefore see the merged data.
/// </summary>
internal static class SecretStringData
{
    /// <summary>Moves <paramref name="obj"/>'s stringData into data when <paramref name="type"/> is Secret; 400 for a non-string value.</summary>
    public static void Merge(ResourceType type, JsonObject obj)
    {
        if (type != BuiltInResources.Secrets || !obj.ContainsKey("stringData")) return;
        var stringData = obj["stringData"];
        obj.Remove("stringData");
        if (stringData is null) return;
        if (stringData is not JsonObject entries)
            throw StatusException.BadRequest($"json: cannot unmarshal {JsonKind(stringData)} into Go struct field Secret.stringData of type map[string]string");
        if (entries.Count == 0) return;
        var data = obj["data"] as JsonObject ?? (JsonObject)(obj["data"] = new JsonObject());
        foreach (var (key, value) in entries)
        {
            if (value is null) continue;
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                throw StatusException.BadRequest($"json: cannot unmarshal {JsonKind(value)} into Go struct field Secret.stringData of type string");
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }
    }

    private static string JsonKind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<bool>(out _) => "bool",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        _ => "number",
    };
}
