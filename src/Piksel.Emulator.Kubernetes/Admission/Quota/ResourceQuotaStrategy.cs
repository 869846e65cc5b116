using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The ResourceQuota registry strategy (pkg/registry/core/resourcequota): a new quota starts without status (usage is
/// the controller's and admission's to write, never the creator's), and <c>spec.hard</c> must hold non-negative
/// quantities (ValidateResourceQuota; 422 otherwise).
/// </summary>
public sealed class ResourceQuotaStrategy : IAdmissionPlugin
{
    private const string QuantityPattern = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.ResourceQuotas || request.Operation == AdmissionOperation.Delete) return ValueTask.CompletedTask;
        if (request.Operation == AdmissionOperation.Create) request.Object.Remove("status");
        var errors = new List<(string Field, string Type, string Message)>();
        foreach (var part in new[] { ("spec.hard", request.Object["spec"]?["hard"]), ("status.hard", request.Object["status"]?["hard"]), ("status.used", request.Object["status"]?["used"]) })
        {
            if (part.Item2 is not JsonObject list) continue;
            foreach (var (name, value) in list)
            {
                if (!Quantity.TryRead(value, out var q))
                    errors.Add(($"{part.Item1}[{name}]", "FieldValueInvalid", $"Invalid value: {value?.ToJsonString()}: {QuantityPattern}"));
                else if (q.Value < 0)
                    errors.Add(($"{part.Item1}[{name}]", "FieldValueInvalid", $"Invalid value: \"{q}\": must be greater than or equal to 0"));
            }
        }
        if (errors.Count > 0) throw StatusException.Invalid(BuiltInResources.ResourceQuotas, request.Name, [.. errors]);
        return ValueTask.CompletedTask;
    }
}
