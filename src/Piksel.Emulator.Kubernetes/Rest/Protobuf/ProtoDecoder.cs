using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// Decodes proto2 wire data by a <see cref="ProtoMessage"/> schema into the JSON Go's encoding/json would write for the same
/// struct, so a protobuf body and a JSON body reach the REST handlers alike. Malformed data throws <see cref="FormatException"/>.
/// </summary>
internal static class ProtoDecoder
{
    /// <summary>How deep messages may nest; the schemas are finite, this bounds the work a hostile body can ask for regardless.</summary>
    public const int MaxDepth = 64;

    /// <summary>Decodes one message.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> data, ProtoMessage schema) => Decode(data, schema, 0);

    private static JsonObject Decode(ReadOnlySpan<byte> data, ProtoMessage schema, int depth)
    {
        if (depth > MaxDepth) throw new FormatException("proto: message nested too deeply");
        var values = new Dictionary<int, JsonNode?>();
        var at = 0;
        while (at < data.Length)
        {
            var tag = Varint(data, ref at);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            var field = schema.Find(number);
            switch (wire)
            {
                case 0:
                    var number64 = Varint(data, ref at);
                    if (field is not null) Store(values, field, Scalar(field, number64));
                    break;
                case 2:
                    var length = checked((int)Varint(data, ref at));
                    if (length < 0 || length > data.Length - at) throw new FormatException("unexpected EOF");
                    var slice = data.Slice(at, length);
                    at += length;
                    if (field is not null) Delimited(values, field, slice, depth);
                    break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                default: throw new FormatException($"proto: illegal wireType {wire}");
            }
            if (at > data.Length) throw new FormatException("unexpected EOF");
        }
        return Emit(schema, values);
    }

    /// <summary>A value of wire type 0 (varint).</summary>
    private static JsonValue Scalar(ProtoField field, ulong value) => field.Kind switch
    {
        ProtoKind.Bool => JsonValue.Create(value != 0),
        ProtoKind.Int32 => JsonValue.Create((int)(long)value),
        ProtoKind.Int64 => JsonValue.Create((long)value),
        // An enum-like string sent as a number is a client this schema does not describe.
        _ => throw new FormatException($"proto: wrong wireType = 0 for field {field.Name}"),
    };

    private static void Delimited(Dictionary<int, JsonNode?> values, ProtoField field, ReadOnlySpan<byte> slice, int depth)
    {
        switch (field.Kind)
        {
            case ProtoKind.String: Store(values, field, JsonValue.Create(Encoding.UTF8.GetString(slice))); break;
            case ProtoKind.Bytes: Store(values, field, JsonValue.Create(Convert.ToBase64String(slice))); break;
            case ProtoKind.Message or ProtoKind.Inline: Store(values, field, Decode(slice, field.Message!, depth + 1)); break;
            case ProtoKind.Quantity: Store(values, field, Quantity(slice)); break;
            case ProtoKind.Int32 or ProtoKind.Int64 or ProtoKind.Bool when field.Repeated:
                // A packed repeated scalar: varints back to back.
                for (var at = 0; at < slice.Length;) Store(values, field, Scalar(field, Varint(slice, ref at)));
                break;
            case ProtoKind.QuantityMap:
                var quantity = Decode(slice, QuantityEntry, depth + 1);
                MapOf(values, field)[quantity["key"]?.GetValue<string>() ?? ""] = quantity["value"]?.DeepClone() ?? "0";
                break;
            case ProtoKind.Time: Store(values, field, Time(slice)); break;
            case ProtoKind.IntOrString: Store(values, field, IntOrString(slice)); break;
            case ProtoKind.RawJson: Store(values, field, RawJson(slice)); break;
            case ProtoKind.StringMap or ProtoKind.BytesMap:
                var entry = Decode(slice, field.Kind == ProtoKind.StringMap ? StringEntry : BytesEntry);
                MapOf(values, field)[entry["key"]?.GetValue<string>() ?? ""] = entry["value"]?.DeepClone() ?? "";
                break;
            default: throw new FormatException($"proto: wrong wireType = 2 for field {field.Name}");
        }
    }

    private static JsonObject MapOf(Dictionary<int, JsonNode?> values, ProtoField field) =>
        values.TryGetValue(field.Number, out var existing) && existing is JsonObject o ? o : (JsonObject)(values[field.Number] = new JsonObject());

    private static readonly ProtoMessage QuantityEntry = new ProtoMessage().Add(1, "key", ProtoKind.String).Add(2, "value", ProtoKind.Quantity);

    /// <summary>resource.Quantity {string = 1}: the canonical string client-go wrote; an empty one is Go's zero quantity, "0".</summary>
    private static JsonValue Quantity(ReadOnlySpan<byte> slice)
    {
        var at = 0;
        var text = "";
        while (at < slice.Length)
        {
            var tag = Varint(slice, ref at);
            if ((tag & 7) != 2) throw new FormatException("proto: wrong wireType for Quantity");
            var length = checked((int)Varint(slice, ref at));
            if (length < 0 || length > slice.Length - at) throw new FormatException("unexpected EOF");
            if (tag >> 3 == 1) text = Encoding.UTF8.GetString(slice.Slice(at, length));
            at += length;
        }
        return JsonValue.Create(text.Length == 0 ? "0" : text);
    }

    private static readonly ProtoMessage StringEntry = new ProtoMessage().Add(1, "key", ProtoKind.String).Add(2, "value", ProtoKind.String);
    private static readonly ProtoMessage BytesEntry = new ProtoMessage().Add(1, "key", ProtoKind.String).Add(2, "value", ProtoKind.Bytes);

    private static void Store(Dictionary<int, JsonNode?> values, ProtoField field, JsonNode? value)
    {
        if (!field.Repeated)
        {
            values[field.Number] = value;
            return;
        }
        var list = values.TryGetValue(field.Number, out var existing) && existing is JsonArray a ? a : (JsonArray)(values[field.Number] = new JsonArray());
        list.Add(value);
    }

    /// <summary>metav1.Time: an empty message is the zero time (null); otherwise whole seconds, as the server keeps them.</summary>
    private static JsonNode? Time(ReadOnlySpan<byte> slice)
    {
        if (slice.IsEmpty) return null;
        var seconds = 0L;
        var at = 0;
        while (at < slice.Length)
        {
            var tag = Varint(slice, ref at);
            if ((tag & 7) != 0) throw new FormatException("proto: wrong wireType for Time");
            var value = Varint(slice, ref at);
            if (tag >> 3 == 1) seconds = (long)value;
        }
        // Go's time.Time reaches far wider than RFC 3339 can print; such a timestamp is not one a client sends.
        if (seconds < -62135596800L || seconds > 253402300799L) throw new FormatException("proto: Time out of range");
        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static readonly ProtoMessage IntOrStringSchema = new ProtoMessage()
        .Add(1, "type", ProtoKind.Int64, Presence.Always).Add(2, "intVal", ProtoKind.Int32, Presence.Always).Add(3, "strVal", ProtoKind.String, Presence.Always);

    /// <summary>intstr.IntOrString: type 1 is the string, anything else the number.</summary>
    private static JsonValue IntOrString(ReadOnlySpan<byte> slice)
    {
        var value = Decode(slice, IntOrStringSchema);
        if (Whole(value["type"]) == 1) return JsonValue.Create(value["strVal"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : "");
        var number = Whole(value["intVal"]);
        return number is < int.MinValue or > int.MaxValue ? throw new FormatException("proto: IntOrString intVal out of range") : JsonValue.Create((int)number);
    }

    /// <summary>A decoded integer, whichever width its field was read as (a mutated body may repeat a field with another wire type).</summary>
    private static long Whole(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<long>(out var l) ? l : v.TryGetValue<int>(out var i) ? i : v.TryGetValue<ulong>(out var u) ? unchecked((long)u) : 0
        : 0;

    /// <summary>metav1.FieldsV1 {Raw = 1}: the bytes are JSON.</summary>
    private static JsonNode? RawJson(ReadOnlySpan<byte> slice)
    {
        var at = 0;
        byte[] raw = [];
        while (at < slice.Length)
        {
            var tag = Varint(slice, ref at);
            if ((tag & 7) != 2) throw new FormatException("proto: wrong wireType for FieldsV1");
            var length = checked((int)Varint(slice, ref at));
            if (length < 0 || length > slice.Length - at) throw new FormatException("unexpected EOF");
            if (tag >> 3 == 1) raw = slice.Slice(at, length).ToArray();
            at += length;
        }
        return raw.Length == 0 ? null : JsonNode.Parse(raw);
    }

    /// <summary>The JSON object in schema order, applying omitempty, pointer and always-written rules.</summary>
    private static JsonObject Emit(ProtoMessage schema, Dictionary<int, JsonNode?> values)
    {
        var json = new JsonObject();
        foreach (var field in schema.Fields)
        {
            var present = values.TryGetValue(field.Number, out var value);
            if (field.Kind == ProtoKind.Inline)
            {
                var inner = present && value is JsonObject o ? o : Decode([], field.Message!);
                foreach (var (name, member) in inner.ToList())
                {
                    inner.Remove(name);
                    json[name] = member;
                }
                continue;
            }
            if (field.Repeated || field.Kind is ProtoKind.StringMap or ProtoKind.BytesMap or ProtoKind.QuantityMap)
            {
                var empty = value is null || (value is JsonArray { Count: 0 }) || (value is JsonObject { Count: 0 });
                if (!empty) json[field.Name] = value;
                else if (field.Presence == Presence.Always) json[field.Name] = null;
                continue;
            }
            if (!present)
            {
                if (field.Presence == Presence.Always) json[field.Name] = Zero(field);
                continue;
            }
            if (field.Presence == Presence.OmitEmpty && IsEmpty(value)) continue;
            json[field.Name] = value;
        }
        return json;
    }

    private static JsonNode? Zero(ProtoField field) => field.Kind switch
    {
        ProtoKind.String => JsonValue.Create(""),
        ProtoKind.Bool => JsonValue.Create(false),
        ProtoKind.Int32 or ProtoKind.Int64 or ProtoKind.IntOrString => JsonValue.Create(0),
        ProtoKind.Quantity => JsonValue.Create("0"),
        ProtoKind.Message => Decode([], field.Message!),
        _ => null,
    };

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<long>(out var l) => l == 0,
        JsonValue v when v.TryGetValue<int>(out var i) => i == 0,
        _ => false,
    };

    /// <summary>Reads a base-128 varint.</summary>
    public static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (at >= data.Length) throw new FormatException("unexpected EOF");
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("proto: integer overflow");
    }
}
