using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>UTF-8 JSON of a node, written directly (no reflection-based serializer, so it works trimmed and AOT-compiled).</summary>
internal static class JsonBytes
{
    /// <summary>Serialises <paramref name="node"/> with the wire encoder (no needless escaping of <c>+</c>, <c>&lt;</c>…).</summary>
    public static byte[] Of(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Storage.StoredObject.WireOptions.Encoder }))
            node.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
