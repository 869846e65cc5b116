using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Piksel.Emulator.Kubernetes.Crds.SchemaValues;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// Validates a value against a structural schema as apiextensions-apiserver does (kube-openapi's validator, then list
/// types), in its words: <c>spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"</c>. The
/// walk is bounded by the body's nesting (at most <see cref="Rest.JsonBodies.MaxDepth"/> levels).
/// </summary>
public static class SchemaValidator
{
    /// <summary>Every error of <paramref name="value"/> (at <paramref name="path"/>) against <paramref name="schema"/>.</summary>
    public static List<FieldError> Validate(JsonNode? value, JsonObject schema, string path)
    {
        var errors = new List<FieldError>();
        Check(value, schema, path, errors);
        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null)
        {
            if (!Flag(schema, "nullable") && Str(schema, "type") is { } t && !Flag(schema, "x-kubernetes-int-or-string"))
                errors.Add(FieldError.TypeInvalid(path, "\"null\"", $"{path} in body must be of type {t}: \"null\""));
            return;
        }
        if (!CheckType(value, schema, path, errors)) return;
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            errors.Add(FieldError.NotSupported(path, Go(value), allowed.Select(Go)));
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            default:
                CheckScalar((JsonValue)value, schema, path, errors);
                break;
        }
        CheckCombinators(value, schema, path, errors);
    }

    private static bool CheckType(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        var actual = TypeName(value);
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (actual is "integer" or "string") return true;
            errors.Add(FieldError.TypeInvalid(path, Quote(actual), $"{path} in body must be of type integer,string: {Quote(actual)}"));
            return false;
        }
        var type = Str(schema, "type");
        if (type is null || type == actual || (type == "number" && actual == "integer")) return true;
        errors.Add(FieldError.TypeInvalid(path, Quote(actual), $"{path} in body must be of type {type}: {Quote(actual)}"));
        return false;
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (!obj.ContainsKey(name)) errors.Add(FieldError.Required(Child(path, name)));
            }
        }
        if (Num(schema, "maxProperties") is { } maxProperties && obj.Count > maxProperties)
            errors.Add(FieldError.TooMany(path, obj.Count, (long)maxProperties));
        if (Num(schema, "minProperties") is { } minProperties && obj.Count < minProperties)
            errors.Add(FieldError.Invalid(path, obj.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minProperties} properties"));
        var embedded = Flag(schema, "x-kubernetes-embedded-resource");
        foreach (var (key, child) in obj)
        {
            if (Property(schema, key) is { } property) Check(child, property, Child(path, key), errors);
            else if (AdditionalProperties(schema) is { } values) Check(child, values, $"{path}[{key}]", errors);
            else if (embedded && key is "apiVersion" or "kind" && child is not JsonValue { } s)
                errors.Add(FieldError.TypeInvalid(Child(path, key), Quote(TypeName(child)), $"{Child(path, key)} in body must be of type string: {Quote(TypeName(child))}"));
        }
        if (embedded)
        {
            if (Str(obj, "kind") is not { Length: > 0 }) errors.Add(FieldError.Required(Child(path, "kind"), "must not be empty"));
            if (Str(obj, "apiVersion") is not { Length: > 0 }) errors.Add(FieldError.Required(Child(path, "apiVersion"), "must not be empty"));
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (Num(schema, "maxItems") is { } maxItems && array.Count > maxItems)
            errors.Add(FieldError.TooMany(path, array.Count, (long)maxItems));
        if (Num(schema, "minItems") is { } minItems && array.Count < minItems)
            errors.Add(FieldError.Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
        if (Flag(schema, "uniqueItems") && HasDuplicates(array))
            errors.Add(FieldError.Duplicate(path, "\"array\""));
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++) Check(array[i], items, $"{path}[{i}]", errors);
        }
        ListTypes.Check(array, schema, path, errors);
    }

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            for (var j = i + 1; j < array.Count; j++)
            {
                if (JsonNode.DeepEquals(array[i], array[j])) return true;
            }
        }
        return false;
    }

    private static void CheckScalar(JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var n = Number(value);
            var shown = Go(value);
            if (Num(schema, "minimum") is { } min)
            {
                var exclusive = Flag(schema, "exclusiveMinimum");
                if (exclusive ? n <= min : n < min)
                    errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{FormatNumber(min)}"));
            }
            if (Num(schema, "maximum") is { } max)
            {
                var exclusive = Flag(schema, "exclusiveMaximum");
                if (exclusive ? n >= max : n > max)
                    errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{FormatNumber(max)}"));
            }
            if (Num(schema, "multipleOf") is { } factor && factor > 0 && Math.Abs(Math.IEEERemainder(n, factor)) > 1e-9)
                errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be a multiple of {FormatNumber(factor)}"));
            return;
        }
        if (value.GetValueKind() != JsonValueKind.String) return;
        var s = value.GetValue<string>();
        var length = s.EnumerateRunes().Count();
        if (Num(schema, "maxLength") is { } maxLength && length > maxLength) errors.Add(FieldError.TooLong(path, (long)maxLength));
        if (Num(schema, "minLength") is { } minLength && length < minLength)
            errors.Add(FieldError.Invalid(path, Quote(s), $"{path} in body should be at least {minLength} chars long"));
        if (Str(schema, "pattern") is { } pattern && !Patterns.Matches(pattern, s))
            errors.Add(FieldError.Invalid(path, Quote(s), $"{path} in body should match '{pattern}'"));
        if (Str(schema, "format") is { } format && !Formats.Valid(format, s))
            errors.Add(FieldError.Invalid(path, Quote(s), $"{path} in body must be of type {format}: {Quote(s)}"));
    }

    private static void CheckCombinators(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["allOf"] is JsonArray all)
        {
            foreach (var s in all.OfType<JsonObject>()) Check(value, s, path, errors);
        }
        if (schema["anyOf"] is JsonArray any && any.Count > 0 && !any.OfType<JsonObject>().Any(s => Validate(value, s, path).Count == 0))
            errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body must validate at least one schema (anyOf)"));
        if (schema["oneOf"] is JsonArray one && one.Count > 0 && one.OfType<JsonObject>().Count(s => Validate(value, s, path).Count == 0) != 1)
            errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body must validate one and only one schema (oneOf)"));
        if (schema["not"] is JsonObject not && Validate(value, not, path).Count == 0)
            errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body must not validate the schema (not)"));
    }
}

/// <summary>Compiled <c>pattern</c>s (ECMA-262 as the schema says; .NET's ECMAScript-ish flavour is close enough), cached.</summary>
internal static class Patterns
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex?> Cache = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="s"/> matches (a pattern that does not compile matches nothing).</summary>
    public static bool Matches(string pattern, string s)
    {
        var regex = Cache.GetOrAdd(pattern, p =>
        {
            try { return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException) { return null; }
        });
        try { return regex?.IsMatch(s) ?? false; }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>Whether <paramref name="pattern"/> compiles.</summary>
    public static bool Compiles(string pattern) => Cache.GetOrAdd(pattern, p =>
    {
        try { return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException) { return null; }
    }) is not null;
}

/// <summary>The string formats kube-openapi checks that CRDs use.</summary>
internal static class Formats
{
    /// <summary>Whether <paramref name="s"/> is a valid <paramref name="format"/>; unknown formats accept anything.</summary>
    public static bool Valid(string format, string s) => format switch
    {
        "date-time" or "datetime" => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && s.Contains('T', StringComparison.OrdinalIgnoreCase),
        "date" => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => IsBase64(s),
        "uuid" => Guid.TryParseExact(s, "D", out _),
        "ipv4" => IPAddress.TryParse(s, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(s, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(s, out _),
        "int32" or "int64" or "float" or "double" or "password" => true,
        _ => true,
    };

    private static bool IsBase64(string s)
    {
        return s.Length % 4 == 0 && (s.Length == 0 || Convert.TryFromBase64String(s, new byte[s.Length], out _));
    }
}
