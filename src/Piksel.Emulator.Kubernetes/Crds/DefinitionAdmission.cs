using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// CustomResourceDefinition writes: defaults (singular, listKind, conversion None) as the API's defaulting does, then
/// apiextensions' validation (names, scope, versions, structural schemas, rules that must compile) → 422; scope and group
/// are immutable.
/// </summary>
internal sealed class DefinitionAdmission(Func<IValidationRuleCompiler?> compiler, bool mutating) : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Mutating => mutating;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.CustomResourceDefinitions || request.Operation == AdmissionOperation.Delete || request.Subresource is not null)
            return ValueTask.CompletedTask;
        if (mutating)
        {
            Default(request.Object);
            return ValueTask.CompletedTask;
        }
        var (_, errors) = Definition.Read(request.Object, compiler());
        if (request.OldObject is { } old)
        {
            foreach (var field in new[] { "scope", "group" })
            {
                if (!JsonNode.DeepEquals(old["spec"]?[field], request.Object["spec"]?[field]))
                    errors.Add(FieldError.Invalid($"spec.{field}", SchemaValues.Go(request.Object["spec"]?[field]), "field is immutable"));
            }
        }
        if (errors.Count > 0) throw InvalidObject.Of(request.Type, request.Name, errors);
        return ValueTask.CompletedTask;
    }

    /// <summary>The API's defaults for a CRD: singular and listKind from the kind, conversion None.</summary>
    internal static void Default(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec) return;
        if (spec["names"] is JsonObject names && names["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k))
        {
            if (names["singular"] is null) names["singular"] = k.ToLowerInvariant();
            if (names["listKind"] is null) names["listKind"] = k + "List";
        }
        if (spec["conversion"] is null) spec["conversion"] = new JsonObject { ["strategy"] = "None" };
    }
}
