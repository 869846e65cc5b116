using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The parts of a DELETE's <c>DeleteOptions</c> (body, or the query parameters kubectl and client-go also send) the server
/// acts on: preconditions, the propagation policy and the grace period. <c>dryRun</c> is read from the query like every write.
/// </summary>
public sealed record DeleteRequestOptions(string? PreconditionUid = null, string? PreconditionResourceVersion = null, string? PropagationPolicy = null, long? GracePeriodSeconds = null)
{
    /// <summary>No options: the kind's default propagation (Background), no preconditions.</summary>
    public static DeleteRequestOptions None { get; } = new();

    /// <summary>Reads the options from the query and the (optional) body; a malformed body or unknown policy is 400.</summary>
    public static async Task<DeleteRequestOptions> ReadAsync(HttpContext http)
    {
        var query = http.Request.Query;
        JsonObject? body = null;
        var bytes = await RequestBody.ReadAsync(http);
        if (bytes.Length > 0)
        {
            if (Protobuf.ProtobufBodies.IsProtobuf(http.Request.ContentType))
            {
                body = Protobuf.ProtobufBodies.Decode(bytes);
            }
            else
            {
                JsonNode? parsed;
                try
                {
                    parsed = JsonBodies.Parse(bytes);
                }
                catch (JsonException e)
                {
                    throw StatusException.BadRequest($"the body of the request could not be decoded: {e.Message}");
                }
                body = parsed as JsonObject ?? throw StatusException.BadRequest("json: cannot unmarshal into Go value of type v1.DeleteOptions");
                if (ModelTypeCheck.FirstError(body, typeof(k8s.Models.V1DeleteOptions)) is { } error) throw StatusException.BadRequest(error);
            }
        }
        string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var policy = Text(body?["propagationPolicy"]) ?? (query.TryGetValue("propagationPolicy", out var p) ? p.ToString() : null);
        var orphan = body?["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var ob) ? ob : RequestOptions.Boolean(query, "orphanDependents");
        if (policy is not null && orphan is not null)
            throw RequestOptions.Invalid("DeleteOptions", [("propagationPolicy", "FieldValueInvalid", $"Invalid value: {RequestOptions.GoQuote(policy)}: orphanDependents and deletionPropagation cannot be both set")]);
        if (orphan == true) policy = "Orphan";
        if (policy is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw RequestOptions.Invalid("DeleteOptions",
                [("propagationPolicy", "FieldValueNotSupported", $"Unsupported value: {RequestOptions.GoQuote(policy)}: supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")]);
        }

        var grace = body?["gracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var gl) ? gl : RequestOptions.Integer(query, "gracePeriodSeconds");
        var dryRun = body?["dryRun"] is JsonArray d ? d.Select(v => v?.GetValue<string>() ?? "").ToList() : [];
        if (RequestOptions.DryRunError(dryRun) is { } dryRunError) throw RequestOptions.Invalid("DeleteOptions", [dryRunError]);
        var preconditions = body?["preconditions"] as JsonObject;
        return new DeleteRequestOptions(Text(preconditions?["uid"]), Text(preconditions?["resourceVersion"]), policy, grace);
    }

    /// <summary>Throws 409 Conflict when <paramref name="current"/> does not meet the preconditions (as the storage layer words it).</summary>
    public void Check(ResourceType type, Storage.StoredObject current)
    {
        var meta = current.View["metadata"];
        var uid = meta?["uid"]?.GetValue<string>();
        if (PreconditionUid is { } wantUid && wantUid != uid)
            throw StatusException.Conflict(type, current.Name, $"Precondition failed: UID in precondition: {wantUid}, UID in object meta: {uid}");
        var rv = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (PreconditionResourceVersion is { } wantRv && wantRv != rv)
            throw StatusException.Conflict(type, current.Name, $"Precondition failed: ResourceVersion in precondition: {wantRv}, ResourceVersion in object meta: {rv}");
    }

    /// <summary>The finalizer the propagation policy asks for (the garbage collector removes it when done).</summary>
    public string? Finalizer => PropagationPolicy switch { "Foreground" => "foregroundDeletion", "Orphan" => "orphan", _ => null };
}
