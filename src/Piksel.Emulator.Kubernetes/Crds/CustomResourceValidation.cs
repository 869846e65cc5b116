using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// A custom resource's validation (422): the structural schema and list types, then the <c>x-kubernetes-validations</c>
/// rules, which are skipped with the real notice when the object already failed in a way that makes them meaningless.
/// </summary>
internal sealed class CustomResourceValidation(ResourceCatalog catalog) : IAdmissionPlugin
{
    /// <summary>apiextensions-apiserver's notice when rules were not run.</summary>
    public const string RulesSkipped = "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    /// <inheritdoc />
    public bool Mutating => false;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == AdmissionOperation.Delete || CrdFeature.Served(catalog, request.Type) is not { Schema: { } schema } custom)
            return ValueTask.CompletedTask;
        var obj = request.Object.DeepClone().AsObject();
        // metadata is ObjectMeta's, checked by the server itself; the schema speaks of the rest.
        obj.Remove("metadata");
        var errors = SchemaValidator.Validate(obj, schema, "");
        if (errors.Any(e => e.Blocking))
        {
            if (custom.Rules.Count > 0) errors.Add(FieldError.Invalid("<nil>", "\"null\"", RulesSkipped));
        }
        else
        {
            // Rules see the whole object (a root rule may read self.metadata.name).
            errors.AddRange(RuleValidator.Validate(request.Object, request.OldObject, schema, custom.Rules, ""));
        }
        if (errors.Count > 0) throw InvalidObject.Of(request.Type, request.Name, errors);
        return ValueTask.CompletedTask;
    }
}
