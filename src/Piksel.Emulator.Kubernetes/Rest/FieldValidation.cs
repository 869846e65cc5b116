using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.OpenApi;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>Server-side field validation (<c>fieldValidation=Strict|Warn|Ignore</c>) against the kinds' schemas, duplicate fields included, and the warnings it sends.</summary>
internal static class FieldValidation
{
    private const string StrictProblemsKey = "Piksel.Emulator.Kubernetes.StrictProblems";

    /// <summary>
    /// Checks <paramref name="obj"/> against its kind's schema as the request's <c>fieldValidation</c> asks. Unknown fields are
    /// dropped, as decoding into the real server's Go types drops them; Strict refuses them (and duplicate fields) with 400,
    /// Warn (the default since 1.23) reports each in a <c>Warning</c> header, Ignore says nothing.
    /// </summary>
    public static void Validate(ApiContext context, JsonObject obj)
    {
        var custom = Crds.CrdFeature.Served(context.State.Catalog, context.Request.Type);
        if (context.Request.Type.ModelType is null && custom?.Schema is null) return;
        // The value itself was checked with the request's other options (RequestOptions).
        var directive = context.Http.Request.Query["fieldValidation"].ToString();
        var problems = new List<string>();
        if (context.Http.Items.TryGetValue(StrictProblemsKey, out var strict) && strict is IReadOnlyList<string> found)
            problems.AddRange(found);
        var unknown = new List<string>();
        if (custom?.Schema is { } schema) unknown.AddRange(Crds.SchemaPruning.PruneObject(obj, schema));
        else Walk(obj, context.Request.Type.ModelType!, "", unknown);
        problems.AddRange(unknown.Select(f => $"unknown field \"{f}\""));
        if (problems.Count == 0 || directive == "Ignore") return;
        var type = context.Request.Type;
        if (directive == "Strict")
            throw StatusException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", problems)}");
        foreach (var problem in problems) WarningHeaders.Add(context.Http, problem);
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
    /// Leaves what a strict decode of the body found (duplicate fields; YAML's duplicate keys) on the request for
    /// <see cref="Validate"/>: Strict refuses them, Warn reports them.
    /// </summary>
    public static void RememberStrictProblems(HttpContext http, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) http.Items[StrictProblemsKey] = problems;
        else http.Items.Remove(StrictProblemsKey);
    }
}
