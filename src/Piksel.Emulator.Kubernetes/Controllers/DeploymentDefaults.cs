using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The apps/v1 defaults of a Deployment (SetDefaults_Deployment), applied on create and update as the API server's
/// defaulting does: replicas 1, strategy RollingUpdate with maxUnavailable and maxSurge 25%, revisionHistoryLimit 10,
/// progressDeadlineSeconds 600 — so <c>kubectl get deployment -o yaml</c> shows what a real cluster stores, whichever
/// way the object came (JSON, YAML or kubectl 1.33's protobuf).
/// </summary>
public sealed class DeploymentDefaults : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.Deployments || request.Subresource is not null || request.Operation == AdmissionOperation.Delete)
            return ValueTask.CompletedTask;
        if (request.Object["spec"] is not JsonObject spec) return ValueTask.CompletedTask;
        spec["replicas"] ??= 1;
        var strategy = spec["strategy"] as JsonObject ?? (JsonObject)(spec["strategy"] = new JsonObject());
        if (strategy["type"] is null) strategy["type"] = "RollingUpdate";
        if (strategy["type"]?.GetValueKind() == JsonValueKind.String && strategy["type"]!.GetValue<string>() == "RollingUpdate")
        {
            var rolling = strategy["rollingUpdate"] as JsonObject ?? (JsonObject)(strategy["rollingUpdate"] = new JsonObject());
            rolling["maxUnavailable"] ??= "25%";
            rolling["maxSurge"] ??= "25%";
        }
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        return ValueTask.CompletedTask;
    }
}
