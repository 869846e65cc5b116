using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>The 422 of a custom resource or CRD: <c>&lt;Kind&gt;.&lt;group&gt; "name" is invalid: [a, b]</c> with one cause per error.</summary>
public static class InvalidObject
{
    /// <summary>The Status exception for <paramref name="errors"/> (one error bare, several in brackets, as Go's aggregate prints them).</summary>
    public static StatusException Of(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var qualified = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var text = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors.Select(e => e.ToString()))}]";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group.Length == 0 ? null : type.Group,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Message, ["field"] = e.Field })]),
        };
        return new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $"{qualified} \"{name}\" is invalid: {text}", details);
    }
}
