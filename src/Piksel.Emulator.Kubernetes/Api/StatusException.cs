using System.Net;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Api;

/// <summary>A failure answered as a <c>Status</c> object with the reason and code a real API server sends.</summary>
public sealed class StatusException(HttpStatusCode code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public HttpStatusCode Code { get; } = code;
    /// <summary>NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Unauthorized, BadRequest, MethodNotAllowed, Expired, Gone, UnsupportedMediaType, InternalError…</summary>
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    /// <summary>The <c>Status</c> document.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null) status["details"] = Details.DeepClone();
        status["code"] = (int)Code;
        return status;
    }

    private static JsonObject Describe(ResourceType type, string? name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group.Length == 0 ? null : type.Group,
        ["kind"] = type.Plural,
    };

    private static string Noun(ResourceType type) => type.GroupResource;

    /// <summary>404 <c>"configmaps \"x\" not found"</c>.</summary>
    public static StatusException NotFound(ResourceType type, string name) =>
        new(HttpStatusCode.NotFound, "NotFound", $"{Noun(type)} \"{name}\" not found", Describe(type, name));

    /// <summary>409 AlreadyExists.</summary>
    public static StatusException AlreadyExists(ResourceType type, string name) =>
        new(HttpStatusCode.Conflict, "AlreadyExists", $"{Noun(type)} \"{name}\" already exists", Describe(type, name));

    /// <summary>409 Conflict on a stale resourceVersion.</summary>
    public static StatusException Conflict(ResourceType type, string name, string why = "the object has been modified; please apply your changes to the latest version and try again") =>
        new(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {Noun(type)} \"{name}\": {why}", Describe(type, name));

    /// <summary>422 Invalid with field causes.</summary>
    public static StatusException Invalid(ResourceType type, string name, params (string Field, string Type, string Message)[] causes)
    {
        var details = Describe(type, name);
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Type, ["message"] = c.Message, ["field"] = c.Field })]);
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new(HttpStatusCode.UnprocessableEntity, "Invalid", $"{type.Kind} \"{name}\" is invalid: {text}", details);
    }

    /// <summary>400 BadRequest.</summary>
    public static StatusException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);

    /// <summary>405 MethodNotAllowed.</summary>
    public static StatusException MethodNotAllowed(string message) => new(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", message);

    /// <summary>401 Unauthorized.</summary>
    public static StatusException Unauthorized() => new(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");

    /// <summary>403 Forbidden in the real server's words.</summary>
    public static StatusException Forbidden(string user, string verb, ResourceType type, string? ns, string why = "") =>
        new(HttpStatusCode.Forbidden, "Forbidden",
            $"{type.GroupResource} is forbidden: User \"{user}\" cannot {verb} resource \"{type.Plural}\" in API group \"{type.Group}\"{(ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"")}{(why.Length > 0 ? ": " + why : "")}",
            Describe(type, null));

    /// <summary>410 Expired (continue tokens, watch resource versions).</summary>
    public static StatusException Expired(string message) => new(HttpStatusCode.Gone, "Expired", message);

    /// <summary>415 UnsupportedMediaType listing the media types the request could have used (apiserver's negotiation error).</summary>
    public static StatusException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");
}
