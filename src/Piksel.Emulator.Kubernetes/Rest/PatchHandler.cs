using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest.Patch;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>PATCH: JSON patch, merge patch, strategic merge patch and server-side apply, on the main resource and on /status.</summary>
internal sealed class PatchHandler(ApiServerState state)
{
    private const string JsonPatchType = "application/json-patch+json";
    private const string MergePatchType = "application/merge-patch+json";
    private const string StrategicMergePatchType = "application/strategic-merge-patch+json";
    private const string ApplyPatchType = "application/apply-patch+yaml";

    /// <summary>How often a patch that did not pin a resourceVersion is retried when a concurrent write wins (as the real server does).</summary>
    private const int PatchRetries = 5;

    /// <summary>Serves one PATCH; a patch that did not pin a resourceVersion is retried when a concurrent write wins.</summary>
    public async Task PatchAsync(ApiContext context, string? subresource = null)
    {
        var r = context.Request;
        var mediaType = (context.Http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var accepted = r.Type.ModelType is null
            ? new[] { JsonPatchType, MergePatchType, ApplyPatchType }
            : [JsonPatchType, MergePatchType, StrategicMergePatchType, ApplyPatchType];
        if (!accepted.Contains(mediaType))
        {
            throw new StatusException(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");
        }

        var query = context.Http.Request.Query;
        var manager = query["fieldManager"].ToString();
        var force = RequestOptions.Boolean(query, "force") ?? false;
        RequestOptions.Validate(context.Http, "patch", mediaType);

        var body = await RequestBody.ReadAsync(context.Http);
        if (body.Length == 0) throw StatusException.BadRequest("the request body is empty");

        if (mediaType == ApplyPatchType)
        {
            await ApplyAsync(context, subresource, body, manager, force);
            return;
        }
        for (var attempt = 0; ; attempt++)
        {
            var current = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!) ?? throw StatusException.NotFound(r.Type, r.Name!);
            var patched = ApplyPatch(r.Type, mediaType, current.ToJsonObject(), body);
            var expected = Meta.ResourceVersion(patched);
            var pinned = expected != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                var stored = await state.Writer.ReplaceAsync(context.ToWrite(), current, patched, expected, subresource);
                await ApiResponses.WriteRawAsync(context.Http, stored.Json);
                return;
            }
            catch (StatusException e) when (e.Reason == "Conflict" && !pinned && attempt < PatchRetries)
            {
                // Someone else wrote in between and this patch did not ask for a version: patch the newer object.
            }
        }
    }

    private static JsonObject ApplyPatch(ResourceType type, string mediaType, JsonObject current, byte[] body)
    {
        JsonObject patched;
        try
        {
            patched = mediaType switch
            {
                JsonPatchType => JsonPatch.Apply(current, body) as JsonObject ?? throw StatusException.BadRequest("the patched object is not an object"),
                MergePatchType => MergePatch.Apply(current, ParseObject(body)) as JsonObject ?? throw StatusException.BadRequest("the patched object is not an object"),
                _ => StrategicMergePatch.Apply(type, current, ParseObject(body)),
            };
        }
        catch (InvalidOperationException e)
        {
            // Typed access to a patch value of the wrong JSON type (e.g. "$patch": 1).
            throw StatusException.BadRequest(e.Message);
        }
        CheckPatchedTypes(type, patched);
        return patched;
    }

    /// <summary>
    /// The patched object must still decode as its kind: patch.go answers 422 Invalid on the field <c>patch</c>. Its value
    /// (the whole patched object in the real server's message) is left out here: it may be a Secret.
    /// </summary>
    private static void CheckPatchedTypes(ResourceType type, JsonObject patched)
    {
        if (patched["apiVersion"] is { } v && v.GetValueKind() != System.Text.Json.JsonValueKind.String) patched.Remove("apiVersion");
        if (patched["kind"] is { } k && k.GetValueKind() != System.Text.Json.JsonValueKind.String) patched.Remove("kind");
        if (ModelTypeCheck.FirstError(patched, type.ModelType ?? typeof(Unstructured)) is not { } error) return;
        const string message = "Invalid value: \"<patched object omitted>\": ";
        throw new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $" \"\" is invalid: patch: {message}{error}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = message + error, ["field"] = "patch" }),
        });
    }

    private static JsonObject ParseObject(byte[] body)
    {
        try
        {
            return JsonBodies.Parse(body) as JsonObject ?? throw StatusException.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    private async Task ApplyAsync(ApiContext context, string? subresource, byte[] body, string manager, bool force)
    {
        var r = context.Request;
        JsonObject applied;
        try
        {
            applied = YamlBodies.ToJson(body) as JsonObject ?? throw StatusException.BadRequest("the applied configuration must be an object");
        }
        catch (YamlBodyException e)
        {
            throw StatusException.BadRequest($"error decoding YAML: {e.Message}");
        }
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (applied[field] is { } value && value.GetValueKind() != System.Text.Json.JsonValueKind.String)
                throw StatusException.BadRequest($"error decoding YAML: json: cannot unmarshal {value.GetValueKind().ToString().ToLowerInvariant()} into Go struct field .{field} of type string");
        }
        if (ModelTypeCheck.FirstError(applied, r.Type.ModelType ?? typeof(Unstructured)) is { } typeError)
            throw StatusException.BadRequest($"{r.Type.Kind} in version \"{r.Type.Version}\" cannot be handled as a {r.Type.Kind}: {typeError}");
        if (applied["apiVersion"] is null || applied["kind"] is null)
            throw StatusException.BadRequest("error decoding YAML: Object 'Kind' is missing or 'apiVersion' is missing in the applied configuration");
        ObjectWriter.CheckKind(r.Type, applied);
        if (Meta.Name(applied) is { } given && given != r.Name)
            throw StatusException.BadRequest($"the name of the object ({given}) does not match the name on the URL ({r.Name})");
        if (r.Type.Namespaced && Meta.Namespace(applied) is { } ns && ns != r.Namespace)
            throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        var expected = Meta.ResourceVersion(applied);
        var clean = ServerSideApply.Clean(r.Type, applied, subresource);
        var now = Meta.Timestamp(state.Time.GetUtcNow());

        for (var attempt = 0; ; attempt++)
        {
            var current = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!);
            if (current is null)
            {
                if (subresource is not null) throw StatusException.NotFound(r.Type, r.Name!);
                var created = (JsonObject)clean.DeepClone();
                Meta.Of(created)["name"] = r.Name;
                Meta.Of(created)["managedFields"] = new JsonArray(ServerSideApply.Entry(manager, "Apply", r.Type.ApiVersion, now, FieldSets.Of(r.Type, clean), null));
                StoredObject stored;
                try
                {
                    stored = await state.Writer.CreateAsync(context.ToWrite(), created);
                }
                catch (StatusException e) when (e.Reason == "AlreadyExists" && attempt < PatchRetries)
                {
                    continue; // created concurrently: apply onto it
                }
                await ApiResponses.WriteRawAsync(context.Http, stored.Json, HttpStatusCode.Created);
                return;
            }
            var merged = ServerSideApply.Apply(r.Type, current.ToJsonObject(), clean, manager, force, now, subresource);
            try
            {
                var stored = await state.Writer.ReplaceAsync(context.ToWrite(), current, merged, expected ?? current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), subresource);
                await ApiResponses.WriteRawAsync(context.Http, stored.Json);
                return;
            }
            catch (StatusException e) when (e.Reason == "Conflict" && expected is null && attempt < PatchRetries)
            {
            }
        }
    }
}
