using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// A NodeClaim the provisioner decided on: its pool, the pods nominated to it, and the instance types that still fit
/// them all, cheapest (smallest) first; the first is launched.
/// </summary>
/// <param name="Pool">The pool it launches from.</param>
/// <param name="CapacityType">Spot or on-demand.</param>
/// <param name="Pods">The pods nominated to it.</param>
/// <param name="Requests">Their requests with the daemonset overhead.</param>
/// <param name="Candidates">The instance types that fit, smallest first.</param>
public sealed record PlannedClaim(PoolModel Pool, string CapacityType, IReadOnlyList<JsonObject> Pods, IReadOnlyDictionary<string, decimal> Requests, IReadOnlyList<KarpenterInstanceType> Candidates)
{
    /// <summary>The type launched: the smallest that fits.</summary>
    public KarpenterInstanceType InstanceType => Candidates[0];
}

/// <summary>What a provisioning pass decided: claims to launch, and why each pod that got none did not.</summary>
/// <param name="Claims">The claims to create.</param>
/// <param name="Failures">The pods no pool could take, with the FailedScheduling message.</param>
public sealed record ProvisioningPlan(IReadOnlyList<PlannedClaim> Claims, IReadOnlyList<(JsonObject Pod, string Message)> Failures);
