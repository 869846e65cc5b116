using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.OpenApi;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>Server-side field validation (<c>fieldValidation=Strict|Warn|Ignore</c>) against the kinds' schemas, and the body parse that finds duplicate fields.</summary>
internal static class FieldValidation
{
    private const string DuplicateFieldsKey = "Piksel.Emulator.Kubernetes.DuplicateFields";
    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Checks <paramref name="obj"/> against its kind's schema as the request's <c>fieldValidation</c> asks. Unknown fields are
    /// dropped, as decoding into the real server's Go types drops them; Strict refuses them (and duplicate fields) with 400,
    /// Warn (the default since 1.23) reports each in a <c>Warning</c> header, Ignore says nothing.
    /// </summary>
    public static void Validate(ApiContext context, JsonObject obj)
    {
        if (context.Request.Type.ModelType is not { } model) return;
        var directive = context.Http.Request.Query["fieldValidation"].ToString();
        if (directive is not ("" or "Strict" or "Warn" or "Ignore"))
            throw StatusException.BadRequest($"fieldValidation: Unsupported value: \"{directive}\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        var problems = new List<string>();
        if (context.Http.Items.TryGetValue(DuplicateFieldsKey, out var duplicates) && duplicates is List<string> found)
            problems.AddRange(found.Select(f => $"duplicate field \"{f}\""));
        var unknown = new List<string>();
        Walk(obj, model, "", unknown);
        problems.AddRange(unknown.Select(f => $"unknown field \"{f}\""));
        if (problems.Count == 0 || directive == "Ignore") return;
        var type = context.Request.Type;
        if (directive == "Strict")
            throw StatusException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", problems)}");
        foreach (var problem in problems)
            context.Http.Response.Headers.Append("Warning", $"299 - \"{problem.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
    }

    /// <summary>Collects (and drops) the fields of <paramref name="obj"/> that <paramref name="model"/> does not have.</summary>
    private static void Walk(JsonObject obj, Type model, string path, List<string> unknown)
    {
        var properties = ModelShape.PropertyMap(model);
        foreach (var (key, value) in obj.ToList())
        {
            if (!properties.TryGetValue(key, out var property))
            {
                unknown.Add(path + key);
                obj.Remove(key);
                continue;
            }
            Check(value, property.Shape, path + key, unknown);
        }
    }

    private static void Check(JsonNode? node, ModelShape shape, string path, List<string> unknown)
    {
        switch (shape, node)
        {
            case (ModelShape.Model m, JsonObject o) when m.ClrType != typeof(k8s.Models.IntOrString) && m.ClrType != typeof(k8s.Models.ResourceQuantity):
                Walk(o, m.ClrType, path + ".", unknown);
                break;
            case (ModelShape.Array a, JsonArray items):
                for (var i = 0; i < items.Count; i++) Check(items[i], a.Items, $"{path}[{i}]", unknown);
                break;
            case (ModelShape.Map m, JsonObject map):
                foreach (var (key, value) in map) Check(value, m.Values, $"{path}[{key}]", unknown);
                break;
        }
    }

    /// <summary>
    /// Parses a JSON request body. Duplicate fields do not fail the parse: the last one wins (as in the real decoder) and
    /// their paths are remembered on the request for <see cref="Validate"/> (Strict refuses them, Warn reports them).
    /// </summary>
    public static JsonNode? ParseBody(HttpContext http, ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: NoDuplicates);
        }
        catch (JsonException) when (TryParseWithDuplicates(json) is { } result)
        {
            http.Items[DuplicateFieldsKey] = result.Duplicates;
            return result.Node;
        }
    }

    private static (JsonNode? Node, List<string> Duplicates)? TryParseWithDuplicates(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var duplicates = new List<string>();
            return (Copy(document.RootElement, "", duplicates), duplicates);
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
                return JsonNode.Parse(element.GetRawText());
        }
    }
}
