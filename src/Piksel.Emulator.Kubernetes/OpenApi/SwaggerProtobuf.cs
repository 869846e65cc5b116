using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// The Swagger 2.0 document in gnostic's protobuf form (<c>openapi.v2.Document</c>): what client-go's
/// <c>OpenAPISchema()</c> asks for (<c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>), used by
/// <c>kubectl explain</c> in 1.27, <c>--output plaintext-openapiv2</c> and client-side apply's patch computation.
/// Only the fields the JSON document uses are written; vendor extensions carry their value as YAML (JSON is YAML).
/// </summary>
internal static class SwaggerProtobuf
{
    /// <summary>Encodes a Swagger 2.0 JSON document.</summary>
    public static byte[] Encode(JsonObject doc)
    {
        var w = new ProtoWriter();
        w.String(1, Str(doc["swagger"]));
        if (doc["info"] is JsonObject info) w.Message(2, new ProtoWriter().String(1, Str(info["title"])).String(2, Str(info["version"])));
        if (doc["paths"] is JsonObject paths)
        {
            var p = new ProtoWriter();
            foreach (var (name, item) in paths) p.Message(2, new ProtoWriter().String(1, name).Message(2, PathItem((JsonObject)item!)));
            w.Message(8, p);
        }
        if (doc["definitions"] is JsonObject definitions)
        {
            var d = new ProtoWriter();
            foreach (var (name, schema) in definitions) d.Message(1, new ProtoWriter().String(1, name).Message(2, Schema((JsonObject)schema!)));
            w.Message(9, d);
        }
        return w.ToArray();
    }

    private static ProtoWriter PathItem(JsonObject item)
    {
        var m = new ProtoWriter();
        foreach (var (verb, field) in new[] { ("get", 2), ("put", 3), ("post", 4), ("delete", 5), ("patch", 8) })
            if (item[verb] is JsonObject op) m.Message(field, Operation(op));
        if (item["parameters"] is JsonArray parameters) foreach (var p in parameters) m.Message(9, Parameter((JsonObject)p!));
        return m;
    }

    private static ProtoWriter Operation(JsonObject op)
    {
        var m = new ProtoWriter();
        foreach (var tag in Strings(op["tags"])) m.String(1, tag);
        m.String(3, Str(op["description"]));
        m.String(5, Str(op["operationId"]));
        foreach (var c in Strings(op["consumes"])) m.String(7, c);
        if (op["parameters"] is JsonArray parameters) foreach (var p in parameters) m.Message(8, Parameter((JsonObject)p!));
        if (op["responses"] is JsonObject responses)
        {
            var r = new ProtoWriter();
            foreach (var (code, response) in responses)
            {
                var body = new ProtoWriter().String(1, Str(response?["description"]));
                if (response?["schema"] is JsonObject schema) body.Message(2, new ProtoWriter().Message(1, Schema(schema)));
                r.Message(1, new ProtoWriter().String(1, code).Message(2, new ProtoWriter().Message(1, body)));
            }
            m.Message(9, r);
        }
        foreach (var s in Strings(op["schemes"])) m.String(10, s);
        Extensions(m, 13, op);
        return m;
    }

    // ParametersItem { Parameter { BodyParameter = 1 | NonBodyParameter { query = 3 | path = 4 } = 2 } = 1 }
    private static ProtoWriter Parameter(JsonObject p)
    {
        var where = Str(p["in"]);
        ProtoWriter parameter;
        if (where == "body")
        {
            var body = new ProtoWriter().String(1, Str(p["description"])).String(2, Str(p["name"])).String(3, where).Bool(4, p["required"]?.GetValue<bool>() ?? false);
            if (p["schema"] is JsonObject schema) body.Message(5, Schema(schema));
            parameter = new ProtoWriter().Message(1, body);
        }
        else
        {
            var path = where == "path";
            var sub = new ProtoWriter().Bool(1, p["required"]?.GetValue<bool>() ?? false).String(2, where).String(3, Str(p["description"])).String(4, Str(p["name"]))
                .String(path ? 5 : 6, Str(p["type"])).Bool(path ? 19 : 20, p["uniqueItems"]?.GetValue<bool>() ?? false);
            parameter = new ProtoWriter().Message(2, new ProtoWriter().Message(path ? 4 : 3, sub));
        }
        return new ProtoWriter().Message(1, parameter);
    }

    private static ProtoWriter Schema(JsonObject s)
    {
        var m = new ProtoWriter();
        m.String(1, Str(s["$ref"])).String(2, Str(s["format"])).String(4, Str(s["description"]));
        foreach (var r in Strings(s["required"])) m.String(19, r);
        switch (s["additionalProperties"])
        {
            case JsonObject additional: m.Message(21, new ProtoWriter().Message(1, Schema(additional))); break;
            case JsonValue flag: m.Message(21, new ProtoWriter().Bool(2, flag.GetValue<bool>())); break;
        }
        if (s["type"] is JsonValue type) m.Message(22, new ProtoWriter().String(1, type.GetValue<string>()));
        if (s["items"] is JsonObject items) m.Message(23, new ProtoWriter().Message(1, Schema(items)));
        if (s["allOf"] is JsonArray allOf) foreach (var a in allOf) m.Message(24, Schema((JsonObject)a!));
        if (s["properties"] is JsonObject properties)
        {
            var p = new ProtoWriter();
            foreach (var (name, schema) in properties) p.Message(1, new ProtoWriter().String(1, name).Message(2, Schema((JsonObject)schema!)));
            m.Message(25, p);
        }
        Extensions(m, 31, s);
        return m;
    }

    private static void Extensions(ProtoWriter m, int field, JsonObject owner)
    {
        foreach (var (name, value) in owner)
        {
            if (name.StartsWith("x-", StringComparison.Ordinal) && value is not null)
                m.Message(field, new ProtoWriter().String(1, name).Message(2, new ProtoWriter().String(2, value.ToJsonString() + "\n")));
        }
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray a ? a.Select(x => x!.GetValue<string>()) : [];

    /// <summary>A protobuf message being written: tags, varints and length-delimited fields.</summary>
    private sealed class ProtoWriter
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> buffer = new();

        public ProtoWriter String(int field, string? value)
        {
            if (string.IsNullOrEmpty(value)) return this;
            return Bytes(field, Encoding.UTF8.GetBytes(value));
        }

        public ProtoWriter Bool(int field, bool value)
        {
            if (!value) return this;
            Varint((ulong)(field << 3));
            Varint(1);
            return this;
        }

        public ProtoWriter Message(int field, ProtoWriter value) => Bytes(field, value.ToArray());

        private ProtoWriter Bytes(int field, byte[] value)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)value.Length);
            buffer.Write<byte>(value);
            return this;
        }

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                buffer.Write<byte>([(byte)(value | 0x80)]);
                value >>= 7;
            }
            buffer.Write<byte>([(byte)value]);
        }

        public byte[] ToArray() => buffer.WrittenSpan.ToArray();
    }
}
