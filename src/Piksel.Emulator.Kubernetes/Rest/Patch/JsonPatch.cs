using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest.Patch;

/// <summary>RFC 6902 JSON Patch (<c>application/json-patch+json</c>) with RFC 6901 pointers (<c>~0</c>, <c>~1</c>, <c>-</c>).</summary>
public static class JsonPatch
{
    /// <summary>The most operations one patch may hold (patch.go maxJSONPatchOperations); more is 413.</summary>
    public const int MaxOperations = 10_000;

    /// <summary>How many bytes all <c>copy</c> operations of one patch may add together.</summary>
    private const long CopySizeLimit = RequestBody.MaxBytes;

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="document"/> (changed in place and returned). A patch that is not a
    /// list of operations is 400; an operation that cannot be applied (missing path, failed <c>test</c>) is 422, which is what
    /// the API server answers for an error from evanphx/json-patch's Apply.
    /// </summary>
    public static JsonNode Apply(JsonNode document, ReadOnlySpan<byte> patch)
    {
        JsonArray operations;
        try
        {
            operations = JsonBodies.Parse(patch) as JsonArray ?? throw StatusException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest(e.Message);
        }
        if (operations.Count > MaxOperations)
        {
            throw new StatusException(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge",
                $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }
        var copied = 0L;
        var root = new JsonObject { ["doc"] = document };
        foreach (var node in operations)
        {
            if (node is not JsonObject op) throw StatusException.BadRequest("json: cannot unmarshal into Go value of type jsonpatch.Operation");
            var kind = op["op"]?.GetValue<string>() ?? "";
            var path = "/doc" + Path(op, "path");
            switch (kind)
            {
                case "add": Add(root, path, Value(op)); break;
                case "remove": Remove(root, path); break;
                case "replace": Replace(root, path, Value(op)); break;
                case "move":
                    var from = "/doc" + Path(op, "from");
                    if (path.StartsWith(from + "/", StringComparison.Ordinal)) throw Rejected();
                    var moved = Get(root, from);
                    Remove(root, from);
                    Add(root, path, moved);
                    break;
                case "copy":
                    var copy = Get(root, "/doc" + Path(op, "from"))?.DeepClone();
                    // evanphx/json-patch's AccumulatedCopySizeLimit: copies cannot double a document into a bomb.
                    copied += copy?.ToJsonString().Length ?? 4;
                    if (copied > CopySizeLimit)
                    {
                        throw new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid",
                            $"Unable to complete the copy, the accumulated size increase of copy is {copied}, exceeding the limit {CopySizeLimit}", new JsonObject());
                    }
                    Add(root, path, copy);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(TryGet(root, path), op["value"])) throw Rejected();
                    break;
                default: throw Rejected();
            }
        }
        var result = root["doc"];
        root.Remove("doc");
        return result ?? throw Rejected();
    }

    /// <summary>What the API server answers for any operation that fails to apply.</summary>
    private static StatusException Rejected() =>
        new(HttpStatusCode.UnprocessableEntity, "Invalid", "the server rejected our request due to an error in our request", new JsonObject());

    private static string Path(JsonObject op, string name) =>
        op[name] is JsonValue v && v.TryGetValue<string>(out var s) && (s.Length == 0 || s[0] == '/') ? s : throw Rejected();

    private static JsonNode? Value(JsonObject op) => op.ContainsKey("value") ? op["value"]?.DeepClone() : throw Rejected();

    private static string[] Tokens(string pointer) =>
        [.. pointer.Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string pointer)
    {
        var tokens = Tokens(pointer);
        JsonNode? node = root;
        foreach (var token in tokens[..^1]) node = Child(node, token) ?? throw Rejected();
        return (node ?? throw Rejected(), tokens[^1]);
    }

    private static JsonNode? Child(JsonNode? node, string token) => node switch
    {
        JsonObject o => o.TryGetPropertyValue(token, out var v) ? v : null,
        JsonArray a when Index(token, a.Count - 1) is { } i => a[i],
        _ => null,
    };

    private static int? Index(string token, int max) =>
        token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0') && int.TryParse(token, out var i) && i <= max ? i : null;

    private static JsonNode? TryGet(JsonObject root, string pointer)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(pointer)) node = Child(node, token);
        return node;
    }

    private static JsonNode? Get(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        return parent switch
        {
            JsonObject o when o.TryGetPropertyValue(last, out var v) => v,
            JsonArray a when Index(last, a.Count - 1) is { } i => a[i],
            _ => throw Rejected(),
        };
    }

    private static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        value = value?.Parent is null ? value : value.DeepClone();
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a when last == "-": a.Add(value); break;
            case JsonArray a when Index(last, a.Count) is { } i: a.Insert(i, value); break;
            default: throw Rejected();
        }
    }

    private static void Remove(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o.Remove(last); break;
            case JsonArray a when Index(last, a.Count - 1) is { } i: a.RemoveAt(i); break;
            default: throw Rejected();
        }
    }

    private static void Replace(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o[last] = value; break;
            case JsonArray a when Index(last, a.Count - 1) is { } i: a[i] = value; break;
            default: throw Rejected();
        }
    }
}
