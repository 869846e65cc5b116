using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// Reads the request bodies of this feature's kinds also when they come as Kubernetes protobuf: kubectl 1.33's typed
/// clients send <c>application/vnd.kubernetes.protobuf</c> for built-in kinds (<c>kubectl create token</c>,
/// <c>auth whoami</c>, <c>auth can-i</c>), and accept a JSON answer. Only the fields these requests carry are decoded
/// (field numbers from <c>k8s.io/api/authentication/v1</c> and <c>authorization/v1</c> <c>generated.proto</c>).
/// </summary>
internal static class ProtobufReviewBodies
{
    private const string ProtobufType = "application/vnd.kubernetes.protobuf";

    private enum Wire { Text, Int64, Bool, Message, Texts, Bytes }

    private sealed record Field(string Name, Wire Kind, Dictionary<int, Field>? Schema = null);

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = new("name", Wire.Text), [2] = new("generateName", Wire.Text), [3] = new("namespace", Wire.Text),
    };

    private static readonly Dictionary<int, Field> TokenRequest = new()
    {
        [1] = new("metadata", Wire.Message, ObjectMeta),
        [2] = new("spec", Wire.Message, new()
        {
            [1] = new("audiences", Wire.Texts),
            [4] = new("expirationSeconds", Wire.Int64),
            [3] = new("boundObjectRef", Wire.Message, new()
            {
                [1] = new("kind", Wire.Text), [2] = new("apiVersion", Wire.Text), [3] = new("name", Wire.Text), [4] = new("uid", Wire.Text),
            }),
        }),
    };

    private static readonly Dictionary<int, Field> TokenReview = new()
    {
        [1] = new("metadata", Wire.Message, ObjectMeta),
        [2] = new("spec", Wire.Message, new() { [1] = new("token", Wire.Text), [2] = new("audiences", Wire.Texts) }),
    };

    private static readonly Dictionary<int, Field> SelfSubjectReview = new() { [1] = new("metadata", Wire.Message, ObjectMeta) };

    private static readonly Dictionary<int, Field> SelfSubjectAccessReview = new()
    {
        [1] = new("metadata", Wire.Message, ObjectMeta),
        [2] = new("spec", Wire.Message, new()
        {
            [1] = new("resourceAttributes", Wire.Message, new()
            {
                [1] = new("namespace", Wire.Text), [2] = new("verb", Wire.Text), [3] = new("group", Wire.Text), [4] = new("version", Wire.Text),
                [5] = new("resource", Wire.Text), [6] = new("subresource", Wire.Text), [7] = new("name", Wire.Text),
            }),
            [2] = new("nonResourceAttributes", Wire.Message, new() { [1] = new("path", Wire.Text), [2] = new("verb", Wire.Text) }),
        }),
    };

    /// <summary>The body as JSON, whichever of JSON, YAML or protobuf it came in.</summary>
    public static async Task<JsonObject> ReadAsync(HttpContext http, string kind)
    {
        if (http.Request.ContentType?.StartsWith(ProtobufType, StringComparison.OrdinalIgnoreCase) != true)
            return await ApiResponses.ReadObjectAsync(http);
        var schema = kind switch
        {
            "TokenRequest" => TokenRequest,
            "TokenReview" => TokenReview,
            "SelfSubjectReview" => SelfSubjectReview,
            "SelfSubjectAccessReview" => SelfSubjectAccessReview,
            _ => throw StatusException.UnsupportedMediaType(http.Request.ContentType),
        };
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.ToArray();
        // The envelope: "k8s\0", then runtime.Unknown{typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2}.
        if (bytes.Length < 4 || bytes[0] != 'k' || bytes[1] != '8' || bytes[2] != 's' || bytes[3] != 0)
            throw StatusException.BadRequest("the body of the request could not be decoded: provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        try
        {
            var unknown = Decode(bytes.AsSpan(4), new()
            {
                [1] = new("typeMeta", Wire.Message, new() { [1] = new("apiVersion", Wire.Text), [2] = new("kind", Wire.Text) }),
                [2] = new("raw", Wire.Bytes),
            }, out var raw);
            var obj = Decode(raw, schema, out _);
            if (unknown["typeMeta"] is JsonObject typeMeta)
            {
                obj["apiVersion"] = typeMeta["apiVersion"]?.DeepClone();
                obj["kind"] = typeMeta["kind"]?.DeepClone();
            }
            return obj;
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw StatusException.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }

    /// <summary>Decodes a message by <paramref name="schema"/>, skipping unknown fields; <paramref name="raw"/> is the bytes field, if any (runtime.Unknown's payload).</summary>
    private static JsonObject Decode(ReadOnlySpan<byte> data, Dictionary<int, Field> schema, out byte[] raw)
    {
        var obj = new JsonObject();
        raw = [];
        var at = 0;
        while (at < data.Length)
        {
            var tag = Varint(data, ref at);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    var value = Varint(data, ref at);
                    if (schema.TryGetValue(number, out var scalar))
                        obj[scalar.Name] = scalar.Kind == Wire.Bool ? value != 0 : (long)value;
                    break;
                case 2:
                    var length = (int)Varint(data, ref at);
                    var slice = data.Slice(at, length);
                    at += length;
                    if (!schema.TryGetValue(number, out var field)) continue;
                    switch (field.Kind)
                    {
                        case Wire.Text: obj[field.Name] = Encoding.UTF8.GetString(slice); break;
                        case Wire.Texts:
                            var list = obj[field.Name] as JsonArray ?? (JsonArray)(obj[field.Name] = new JsonArray());
                            list.Add(Encoding.UTF8.GetString(slice));
                            break;
                        case Wire.Message: obj[field.Name] = Decode(slice, field.Schema!, out _); break;
                        case Wire.Bytes: raw = slice.ToArray(); break;
                        default: throw new FormatException($"unexpected length-delimited field {number}");
                    }
                    break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                default: throw new FormatException($"unsupported wire type {tag & 7}");
            }
        }
        return obj;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("varint too long");
    }
}
