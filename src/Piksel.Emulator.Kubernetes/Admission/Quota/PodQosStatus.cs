using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The pod registry strategy's status on create (pkg/registry/core/pod/strategy.go PrepareForCreate): a new pod is
/// Pending with <c>status.qosClass</c> from its final requests and limits, and a write to <c>pods/status</c> that drops the
/// class keeps the stored one (it never changes once set). It runs with the validating plugins because the strategy runs
/// after every mutating plugin (LimitRanger's defaults included); it is registered before any validating plugin.
/// </summary>
public sealed class PodQosStatus : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Mutating => false;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.Pods) return ValueTask.CompletedTask;
        if (request.Operation == AdmissionOperation.Create && request.Subresource is null)
        {
            var status = request.Object["status"] as JsonObject ?? (JsonObject)(request.Object["status"] = new JsonObject());
            if (status["phase"] is null) status["phase"] = "Pending";
            status["qosClass"] = PodResources.QosClass(request.Object);
        }
        else if (request.Operation == AdmissionOperation.Update && request.OldObject?["status"]?["qosClass"] is JsonValue kept)
        {
            var status = request.Object["status"] as JsonObject ?? (JsonObject)(request.Object["status"] = new JsonObject());
            status["qosClass"] = kept.DeepClone();
        }
        return ValueTask.CompletedTask;
    }
}
