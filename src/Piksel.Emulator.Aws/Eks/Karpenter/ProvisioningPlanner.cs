using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Karpenter's scheduling simulation for one batch of pending pods (core <c>pkg/controllers/provisioning/scheduling</c>,
/// simplified): pods largest first (CPU, then memory) go onto a claim of this batch that still fits them, or open a new
/// claim in the first pool, heaviest first, whose taints they tolerate, whose requirements their node selector and
/// affinity meet, that has an instance type fitting them with the daemonset overhead, and whose limits that type's
/// capacity stays within. A pod no pool takes fails with the v1.0–v1.4 message naming each pool's reason.
/// </summary>
public static class ProvisioningPlanner
{
    /// <summary>
    /// Plans <paramref name="pods"/> onto new claims from <paramref name="pools"/>. <paramref name="usage"/> is each pool's
    /// current capacity in use (its nodes and claims); <paramref name="daemonOverhead"/> each pool's daemonset requests a node.
    /// </summary>
    public static ProvisioningPlan Plan(
        IEnumerable<JsonObject> pods,
        IEnumerable<PoolModel> pools,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> usage,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> daemonOverhead)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(pools);
        var ordered = pools.OrderByDescending(p => p.Weight).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var claims = new List<PlannedClaim>();
        var failures = new List<(JsonObject, string)>();
        var used = ordered.ToDictionary(p => p.Name, p => new Dictionary<string, decimal>(usage.GetValueOrDefault(p.Name) ?? new Dictionary<string, decimal>(), StringComparer.Ordinal));
        foreach (var pod in pods.OrderByDescending(p => PodResources.Requests(p).GetValueOrDefault("cpu")).ThenByDescending(p => PodResources.Requests(p).GetValueOrDefault("memory")))
        {
            var requests = PodResources.Requests(pod);
            requests["pods"] = 1;
            if (TryJoin(claims, pod, requests, used)) continue;
            var reasons = new List<string>();
            PlannedClaim? opened = null;
            foreach (var pool in ordered)
            {
                var overhead = daemonOverhead.GetValueOrDefault(pool.Name) ?? new Dictionary<string, decimal>();
                var (claim, reason) = Open(pool, pod, Add(requests, overhead), overhead, used[pool.Name]);
                if (claim is not null) { opened = claim; break; }
                reasons.Add(reason!);
            }
            if (opened is null)
            {
                failures.Add((pod, "Failed to schedule pod, " + string.Join("; ", reasons)));
                continue;
            }
            claims.Add(opened);
            Charge(used[opened.Pool.Name], opened.InstanceType.Capacity, 1);
        }
        return new ProvisioningPlan(claims, failures);
    }

    /// <summary>Adds the pod to an open claim whose pool admits it and whose candidates still fit, narrowing them.</summary>
    private static bool TryJoin(List<PlannedClaim> claims, JsonObject pod, Dictionary<string, decimal> requests, Dictionary<string, Dictionary<string, decimal>> used)
    {
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            if (!Tolerates(pod, claim.Pool) || !NodeAffinity.Matches(pod, "", claim.Pool.NodeLabels(claim.InstanceType, claim.CapacityType))) continue;
            var total = Add(claim.Requests, requests);
            var remaining = Remaining(claim.Pool, used[claim.Pool.Name], claim.InstanceType.Capacity);
            var fitting = claim.Candidates.Where(t => Fits(t.Allocatable, total) && WithinLimits(t.Capacity, remaining)
                && NodeAffinity.Matches(pod, "", claim.Pool.NodeLabels(t, claim.CapacityType))).ToList();
            if (fitting.Count == 0) continue;
            // The claim's charge against the pool's limits moves from its old smallest type to its new one.
            Charge(used[claim.Pool.Name], claim.InstanceType.Capacity, -1);
            claims[i] = claim with { Pods = [.. claim.Pods, pod], Requests = total, Candidates = fitting };
            Charge(used[claim.Pool.Name], fitting[0].Capacity, 1);
            return true;
        }
        return false;
    }

    private static (PlannedClaim? Claim, string? Reason) Open(PoolModel pool, JsonObject pod, Dictionary<string, decimal> total, IReadOnlyDictionary<string, decimal> overhead, Dictionary<string, decimal> used)
    {
        var prefix = $"incompatible with nodepool \"{pool.Name}\", daemonset overhead={Format(overhead)}, ";
        var untolerated = pool.Taints.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !t.IsToleratedBy(Taint.TolerationsOf(pod)));
        if (untolerated is not null)
            return (null, prefix + $"did not tolerate {untolerated.Key}={untolerated.Value}:{untolerated.Effect}");
        foreach (var capacityType in pool.CapacityTypes)
        {
            var admitted = pool.InstanceTypes.Where(t => NodeAffinity.Matches(pod, "", pool.NodeLabels(t, capacityType))).ToList();
            if (admitted.Count == 0) continue;
            var fitting = admitted.Where(t => Fits(t.Allocatable, total)).OrderBy(t => t.VCpus).ThenBy(t => t.MemoryMiB).ThenBy(t => t.Gpus).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
            if (fitting.Count == 0)
                return (null, prefix + $"no instance type satisfied resources {Format(total)} and requirements {Requirements(pool)}");
            var remaining = Remaining(pool, used, null);
            var withinLimits = fitting.Where(t => WithinLimits(t.Capacity, remaining)).ToList();
            if (withinLimits.Count == 0)
                return (null, $"all available instance types exceed limits for nodepool: \"{pool.Name}\"");
            return (new PlannedClaim(pool, capacityType, [pod], total, withinLimits), null);
        }
        return (null, prefix + $"incompatible requirements, no instance type met the pod's node selector and affinity with requirements {Requirements(pool)}");
    }

    /// <summary>The pool's limits less what is used, plus <paramref name="released"/> (a claim's own charge, when it is being resized).</summary>
    private static Dictionary<string, decimal> Remaining(PoolModel pool, Dictionary<string, decimal> used, IReadOnlyDictionary<string, decimal>? released) =>
        pool.Limits.ToDictionary(l => l.Key, l => l.Value - used.GetValueOrDefault(l.Key) + (released?.GetValueOrDefault(l.Key) ?? 0), StringComparer.Ordinal);

    /// <summary>Karpenter drops a type whose capacity exceeds any limit's remainder (not its allocatable: what is launched counts whole).</summary>
    private static bool WithinLimits(IReadOnlyDictionary<string, decimal> capacity, Dictionary<string, decimal> remaining) =>
        remaining.All(r => capacity.GetValueOrDefault(r.Key) <= r.Value);

    private static bool Fits(IReadOnlyDictionary<string, decimal> allocatable, IReadOnlyDictionary<string, decimal> requests) =>
        requests.All(r => r.Value <= 0 || allocatable.GetValueOrDefault(r.Key) >= r.Value);

    private static bool Tolerates(JsonObject pod, PoolModel pool) =>
        pool.Taints.All(t => t.Effect is not ("NoSchedule" or "NoExecute") || t.IsToleratedBy(Taint.TolerationsOf(pod)));

    private static void Charge(Dictionary<string, decimal> used, IReadOnlyDictionary<string, decimal> capacity, int sign)
    {
        foreach (var (name, value) in capacity) used[name] = used.GetValueOrDefault(name) + (sign * value);
    }

    private static Dictionary<string, decimal> Add(IReadOnlyDictionary<string, decimal> a, IReadOnlyDictionary<string, decimal> b)
    {
        var sum = new Dictionary<string, decimal>(a, StringComparer.Ordinal);
        foreach (var (name, value) in b) sum[name] = sum.GetValueOrDefault(name) + value;
        return sum;
    }

    private static string Requirements(PoolModel pool) =>
        string.Join(", ", pool.Requirements.Select(r => $"{r["key"]} {r["operator"]} [{string.Join(" ", (r["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()))}]"));

    /// <summary>A resource list as Karpenter prints it in events: <c>{"cpu":"2","memory":"1Gi","pods":"1"}</c>.</summary>
    public static string Format(IReadOnlyDictionary<string, decimal> resources)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (text.Length > 1) text.Append(',');
            text.Append('"').Append(name).Append("\":\"").Append(Quantity(name, value)).Append('"');
        }
        return text.Append('}').ToString();
    }

    /// <summary>A quantity in Kubernetes' canonical form: millicores for fractional CPU, Ki/Mi/Gi for whole binary multiples.</summary>
    public static string Quantity(string name, decimal value)
    {
        if (value != decimal.Truncate(value)) return (value * 1000m).ToString("0", CultureInfo.InvariantCulture) + "m";
        if (name is "memory" or "ephemeral-storage")
        {
            foreach (var (suffix, size) in new[] { ("Gi", 1024m * 1024 * 1024), ("Mi", 1024m * 1024), ("Ki", 1024m) })
                if (value != 0 && value % size == 0) return (value / size).ToString("0", CultureInfo.InvariantCulture) + suffix;
        }
        return value.ToString("0", CultureInfo.InvariantCulture);
    }
}
