using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The apps/v1 defaults of a DaemonSet (SetDefaults_DaemonSet), applied on create and update as the API server's
/// defaulting does: updateStrategy RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10.
/// <c>kubectl rollout status</c> refuses a daemon set whose strategy type is not RollingUpdate, so it needs them.
/// </summary>
public sealed class DaemonSetDefaults : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.DaemonSets || request.Subresource is not null || request.Operation == AdmissionOperation.Delete)
            return ValueTask.CompletedTask;
        if (request.Object["spec"] is not JsonObject spec) return ValueTask.CompletedTask;
        var strategy = spec["updateStrategy"] as JsonObject ?? (JsonObject)(spec["updateStrategy"] = new JsonObject());
        if (strategy["type"] is null) strategy["type"] = "RollingUpdate";
        if (strategy["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && strategy["type"]!.GetValue<string>() == "RollingUpdate")
        {
            var rolling = strategy["rollingUpdate"] as JsonObject ?? (JsonObject)(strategy["rollingUpdate"] = new JsonObject());
            rolling["maxUnavailable"] ??= 1;
            rolling["maxSurge"] ??= 0;
        }
        spec["revisionHistoryLimit"] ??= 10;
        return ValueTask.CompletedTask;
    }
}
