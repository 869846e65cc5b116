using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// The decode step of a custom resource write (mutating, first): unknown fields pruned, schema defaults applied, and
/// creates refused while the CRD is terminating. Runs on every write path, controllers' included, as the real decoder does.
/// </summary>
internal sealed class CustomResourceDefaulting(ResourceCatalog catalog) : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == AdmissionOperation.Delete || CrdFeature.Served(catalog, request.Type) is not { } custom) return ValueTask.CompletedTask;
        if (custom.Terminating && request.Operation == AdmissionOperation.Create)
            throw StatusException.MethodNotAllowed("create not allowed while custom resource definition is terminating");
        if (custom.Schema is { } schema)
        {
            SchemaPruning.PruneObject(request.Object, schema);
            SchemaDefaults.Apply(request.Object, schema);
        }
        return ValueTask.CompletedTask;
    }
}
