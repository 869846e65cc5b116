using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Rest;

// Server-side field validation (fieldValidation=Strict|Warn|Ignore) against the kinds' schemas.
public sealed partial class RestHandler
{
    /// <summary>Checks <paramref name="obj"/> against its kind's schema as the request's <c>fieldValidation</c> asks (implemented with the OpenAPI schemas).</summary>
    partial void ValidateFields(ApiContext context, JsonObject obj);
}
