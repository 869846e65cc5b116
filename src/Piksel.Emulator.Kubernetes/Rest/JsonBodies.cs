using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// JSON request bodies parsed as Go's decoder reads them: invalid UTF-8 and unpaired surrogate escapes inside strings
/// become U+FFFD instead of failing, a duplicate field keeps the last value (and is reported for strict field
/// validation), and nesting is bounded (Go stops at 10,000 levels; this server at <see cref="MaxDepth"/>, which its
/// recursive object handling stays well clear of).
/// </summary>
public static class JsonBodies
{
    /// <summary>The deepest nesting accepted in a JSON or YAML body: 512 (no Kubernetes object comes near it).</summary>
    public const int MaxDepth = 512;

    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth + 1 };
    private static readonly JsonDocumentOptions Duplicates = new() { MaxDepth = MaxDepth + 1 };

    /// <summary>Parses <paramref name="json"/>; the paths of duplicate fields (last one wins) go to <paramref name="duplicates"/>. Throws <see cref="JsonException"/> with Go's wording for depth.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> json, List<string>? duplicates = null)
    {
        var text = Sanitize(json);
        CheckDepth(text);
        try
        {
            return JsonNode.Parse(text, documentOptions: NoDuplicates);
        }
        catch (JsonException) when (duplicates is not null && TryParseWithDuplicates(text, duplicates) is { } node)
        {
            return node.Node;
        }
    }

    /// <summary>Throws Go's <c>exceeded max depth</c> before anything recursive sees the body.</summary>
    private static void CheckDepth(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue, AllowTrailingCommas = false });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                    throw new JsonException($"invalid character '{(reader.TokenType == JsonTokenType.StartObject ? '{' : '[')}' exceeded max depth");
            }
        }
        catch (JsonException e) when (!e.Message.Contains("exceeded max depth", StringComparison.Ordinal))
        {
            // Syntax errors are reported by the parse that follows, with its own wording.
        }
    }

    /// <summary>
    /// What Go's decoder makes of text it cannot read as UTF-8: each invalid byte in a string becomes U+FFFD, and so does
    /// an escaped surrogate without its pair (<c>"\ud800"</c>). Valid input is returned as is.
    /// </summary>
    public static byte[] Sanitize(ReadOnlySpan<byte> json)
    {
        var bytes = Utf8.IsValid(json) ? json.ToArray() : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json));
        return json.IndexOf("\\u"u8) < 0 ? bytes : FixSurrogateEscapes(bytes);
    }

    private static byte[] FixSurrogateEscapes(byte[] json)
    {
        var output = new List<byte>(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!inString)
            {
                inString = b == '"';
                output.Add(b);
                continue;
            }
            if (b == '"') { inString = false; output.Add(b); continue; }
            if (b != '\\' || i + 1 >= json.Length) { output.Add(b); continue; }
            if (json[i + 1] != 'u' || !TryHex(json, i + 2, out var unit))
            {
                output.Add(b);
                output.Add(json[++i]);
                continue;
            }
            var paired = char.IsHighSurrogate((char)unit) && i + 12 <= json.Length
                && json[i + 6] == '\\' && json[i + 7] == 'u' && TryHex(json, i + 8, out var low) && char.IsLowSurrogate((char)low);
            if (paired)
            {
                output.AddRange(json.AsSpan(i, 12));
                i += 11;
            }
            else if (char.IsSurrogate((char)unit))
            {
                output.AddRange("\\ufffd"u8);
                i += 5;
            }
            else
            {
                output.AddRange(json.AsSpan(i, 6));
                i += 5;
            }
        }
        return [.. output];
    }

    private static bool TryHex(byte[] json, int at, out int value)
    {
        value = 0;
        if (at + 4 > json.Length) return false;
        for (var k = at; k < at + 4; k++)
        {
            var digit = HexDigit(json[k]);
            if (digit < 0) return false;
            value = (value << 4) | digit;
        }
        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static (JsonNode? Node, bool Parsed)? TryParseWithDuplicates(byte[] json, List<string> duplicates)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Duplicates);
            return (Copy(document.RootElement, "", duplicates), true);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Copy(JsonElement element, string path, List<string> duplicates)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (obj.ContainsKey(property.Name))
                    {
                        duplicates.Add(path + property.Name);
                        obj.Remove(property.Name);
                    }
                    obj[property.Name] = Copy(property.Value, $"{path}{property.Name}.", duplicates);
                }
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in element.EnumerateArray()) array.Add(Copy(item, $"{path.TrimEnd('.')}[{i++}].", duplicates));
                return array;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
