using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// A custom resource's <c>scale</c> subresource: an <c>autoscaling/v1</c> Scale read from the CRD's
/// specReplicasPath, statusReplicasPath and labelSelectorPath; a PUT or merge PATCH of it writes spec replicas back
/// through the main resource's write path (so <c>kubectl scale</c> works).
/// </summary>
internal static class CustomResourceScale
{
    private static readonly ResourceType ScaleType = new() { Group = "autoscaling", Version = "v1", Kind = "Scale", Plural = "scale", Singular = "scale", Namespaced = true };

    /// <summary>Serves get, update and patch of the scale subresource.</summary>
    public static async Task HandleAsync(ApiContext context, ScalePaths paths)
    {
        var r = context.Request;
        var current = context.State.Store.Get(r.Type, r.Namespace ?? "", r.Name!) ?? throw StatusException.NotFound(r.Type, r.Name!);
        if (r.Verb == "get")
        {
            await ApiResponses.WriteJsonAsync(context.Http, Scale(current.ToJsonObject(), paths));
            return;
        }
        if (r.Verb is not ("update" or "patch")) throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var body = JsonNode.Parse(await RequestBody.ReadAsync(context.Http)) as JsonObject ?? throw StatusException.BadRequest("the request body is not a JSON object");
        if (r.Verb == "patch" && context.Http.Request.ContentType?.StartsWith("application/json-patch+json", StringComparison.Ordinal) == true)
            throw StatusException.UnsupportedMediaType(["application/merge-patch+json", "application/strategic-merge-patch+json"]);
        var replicas = body["spec"]?["replicas"];
        var obj = current.ToJsonObject();
        if (replicas is not null)
        {
            if (!SchemaValues.IsInteger(replicas) || SchemaValues.Number(replicas) < 0)
                throw InvalidObject.Of(ScaleType, r.Name!, [FieldError.Invalid("spec.replicas", SchemaValues.Go(replicas), "must be greater than or equal to 0")]);
            Set(obj, paths.SpecReplicasPath, replicas.DeepClone());
        }
        var expected = r.Verb == "update" ? body["metadata"]?["resourceVersion"]?.GetValue<string>() : null;
        var stored = await context.State.Writer.ReplaceAsync(context.ToWrite() with { ValidateFields = null }, current, obj, expected);
        await ApiResponses.WriteJsonAsync(context.Http, Scale(stored.ToJsonObject(), paths));
    }

    private static JsonObject Scale(JsonObject obj, ScalePaths paths)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        var status = new JsonObject { ["replicas"] = SimpleJsonPath.Select(obj, paths.StatusReplicasPath).FirstOrDefault()?.DeepClone() ?? 0 };
        if (paths.LabelSelectorPath is { } selector && SimpleJsonPath.Select(obj, selector).FirstOrDefault() is JsonValue s) status["selector"] = s.DeepClone();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = SimpleJsonPath.Select(obj, paths.SpecReplicasPath).FirstOrDefault()?.DeepClone() ?? 0 },
            ["status"] = status,
        };
    }

    /// <summary>Sets a simple dotted path (<c>.spec.replicas</c>), making the objects on the way.</summary>
    private static void Set(JsonObject obj, string path, JsonNode value)
    {
        var steps = path.TrimStart('.').Split('.');
        var at = obj;
        foreach (var step in steps[..^1]) at = at[step] as JsonObject ?? (JsonObject)(at[step] = new JsonObject());
        at[steps[^1]] = value;
    }
}
