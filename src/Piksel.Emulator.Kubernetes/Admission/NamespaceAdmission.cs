using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>
/// What the namespace registry strategy does on every write (pkg/registry/core/namespace/strategy.go): the label
/// <c>kubernetes.io/metadata.name=&lt;name&gt;</c> is set on create and put back on every update, a new namespace is
/// Active with the <c>kubernetes</c> finalizer, and an update of the main resource keeps the stored spec.finalizers
/// (changed only through <c>/finalize</c>) and status (changed only through <c>/status</c>).
/// </summary>
public sealed class NamespaceAdmission : IAdmissionPlugin
{
    /// <summary>The label every namespace carries with its own name (NetworkPolicy selects namespaces by it).</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>The finalizer the namespace controller removes once the namespace is empty.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.Namespaces || request.Operation == AdmissionOperation.Delete) return ValueTask.CompletedTask;
        var obj = request.Object;
        if (request.Operation == AdmissionOperation.Create)
        {
            var spec = obj["spec"] as JsonObject ?? (JsonObject)(obj["spec"] = new JsonObject());
            var finalizers = spec["finalizers"] as JsonArray ?? (JsonArray)(spec["finalizers"] = new JsonArray());
            if (!finalizers.Any(f => f?.GetValue<string>() == KubernetesFinalizer)) finalizers.Add(KubernetesFinalizer);
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (request.Subresource is null && request.OldObject is { } old)
        {
            var spec = obj["spec"] as JsonObject ?? (JsonObject)(obj["spec"] = new JsonObject());
            if (old["spec"]?["finalizers"] is { } kept) spec["finalizers"] = kept.DeepClone();
            else spec.Remove("finalizers");
            if (old["status"] is { } status) obj["status"] = status.DeepClone();
        }
        SetNameLabel(obj);
        return ValueTask.CompletedTask;
    }

    /// <summary>Puts <c>kubernetes.io/metadata.name</c> back to the namespace's name.</summary>
    public static void SetNameLabel(JsonObject obj)
    {
        var metadata = Meta.Of(obj);
        var labels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject());
        labels[NameLabel] = Meta.Name(obj);
    }
}
