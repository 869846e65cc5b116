using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The <c>ResourceQuota</c> admission plugin (apiserver pkg/admission/plugin/resourcequota), the last validating one: a
/// create, or an update that raises usage, is charged to every quota of its namespace that tracks what it uses. Pods must
/// name the cpu/memory requests and limits a quota tracks (<c>failed quota</c>); a charge past <c>spec.hard</c> is refused
/// (<c>exceeded quota</c>); otherwise the new <c>status.used</c> is written to each quota before the object is stored.
/// Charges are serialised through the store's <see cref="QuotaLedger"/>.
/// </summary>
public sealed class ResourceQuotaAdmission(ServerContext context) : IAdmissionPlugin
{
    private static readonly HashSet<string> ValidationSet = new(StringComparer.Ordinal)
    {
        "requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory",
    };

    private readonly QuotaLedger ledger = QuotaLedger.For(context.Catalog);

    /// <inheritdoc />
    public bool Mutating => false;

    /// <inheritdoc />
    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Subresource is not null || request.Namespace.Length == 0 || request.Operation == AdmissionOperation.Delete) return;
        if (request.Operation == AdmissionOperation.Update && request.Type != BuiltInResources.Pods
            && request.Type != BuiltInResources.Services && request.Type != BuiltInResources.PersistentVolumeClaims)
        {
            return;
        }

        var quotas = context.Store.List(BuiltInResources.ResourceQuotas, request.Namespace).Items;
        if (quotas.Count == 0) return;

        var usage = QuotaUsage.Of(request.Type, request.Object);
        var old = request.OldObject is { } o ? QuotaUsage.Of(request.Type, o) : [];
        var delta = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (k, q) in usage)
        {
            var change = old.TryGetValue(k, out var before) ? q.Subtract(before) : q;
            // Only what grows is charged (an update that lowers usage waits for the controller to release it).
            if (change.Value > 0 || (request.Operation == AdmissionOperation.Create && !old.ContainsKey(k))) delta[k] = change;
        }
        if (delta.Count == 0) return;

        await ledger.Gate.WaitAsync(cancellationToken);
        try
        {
            var charges = new List<(StoredObject Quota, SortedDictionary<string, Quantity> Hard, SortedDictionary<string, Quantity> Used)>();
            foreach (var quota in context.Store.List(BuiltInResources.ResourceQuotas, request.Namespace).Items.OrderBy(q => q.Name, StringComparer.Ordinal))
            {
                var hard = QuotaUsage.List(quota.View["spec"]?["hard"]);
                var tracked = hard.Keys.Where(delta.ContainsKey).ToList();
                if (tracked.Count == 0 || !QuotaUsage.Matches(quota.View, request.Type, request.Object)) continue;
                if (request.Type == BuiltInResources.Pods) CheckConstraints(request, quota.Name, hard.Keys);
                var used = QuotaUsage.List(quota.View["status"]?["used"]);
                // A quota the controller has not counted yet is counted here, as the controller would have.
                if (hard.Keys.Any(k => !used.ContainsKey(k))) used = QuotaLedger.Recount(quota, context.Catalog, (t, ns) => context.Store.List(t, ns).Items);
                var exceeded = tracked.Where(k => (used.TryGetValue(k, out var u) ? u.Value : 0) + delta[k].Value > hard[k].Value).ToList();
                if (exceeded.Count > 0)
                {
                    throw Forbidden(request, $"exceeded quota: {quota.Name}, requested: {Pretty(exceeded, delta)}, used: {Pretty(exceeded, used)}, limited: {Pretty(exceeded, hard)}");
                }
                foreach (var k in tracked) used[k] = used.TryGetValue(k, out var u) ? u.Add(delta[k]) : delta[k];
                charges.Add((quota, hard, used));
            }
            if (request.DryRun) return;
            foreach (var (quota, hard, used) in charges)
            {
                var updated = quota.ToJsonObject();
                var status = updated["status"] as JsonObject ?? (JsonObject)(updated["status"] = new JsonObject());
                status["hard"] = QuotaUsage.ToJson(hard);
                status["used"] = QuotaUsage.ToJson(used);
                context.Store.Put(BuiltInResources.ResourceQuotas, quota.Namespace, quota.Name, updated, latest =>
                {
                    if (latest is null || latest.ResourceVersion != quota.ResourceVersion) throw StatusException.Conflict(BuiltInResources.ResourceQuotas, quota.Name);
                });
            }
        }
        finally
        {
            ledger.Gate.Release();
        }
    }

    /// <summary>Every container must request and limit the cpu and memory a quota tracks (pods.go Constraints); 403 <c>failed quota</c> otherwise.</summary>
    private static void CheckConstraints(AdmissionRequest request, string quotaName, IEnumerable<string> hard)
    {
        var required = hard.Where(ValidationSet.Contains).ToList();
        if (required.Count == 0) return;
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (container, _) in PodResources.Containers(request.Object))
        {
            var have = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in PodResources.EffectiveRequests(container).Keys.Where(r => r is "cpu" or "memory"))
            {
                have.Add(r);
                have.Add("requests." + r);
            }
            foreach (var r in PodResources.Read(container, "limits").Keys.Where(r => r is "cpu" or "memory")) have.Add("limits." + r);
            foreach (var r in required.Where(r => !have.Contains(r)))
            {
                if (!missing.TryGetValue(r, out var names)) missing[r] = names = new SortedSet<string>(StringComparer.Ordinal);
                names.Add(container["name"]?.GetValue<string>() ?? "");
            }
        }
        if (missing.Count == 0) return;
        var detail = string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
        throw Forbidden(request, $"failed quota: {quotaName}: must specify {detail}");
    }

    private static string Pretty(IEnumerable<string> keys, IReadOnlyDictionary<string, Quantity> values) =>
        string.Join(",", keys.Order(StringComparer.Ordinal).Where(values.ContainsKey).Select(k => $"{k}={values[k]}"));

    private static StatusException Forbidden(AdmissionRequest request, string why) =>
        new(HttpStatusCode.Forbidden, "Forbidden", string.Create(CultureInfo.InvariantCulture, $"{request.Type.GroupResource} \"{request.Name}\" is forbidden: {why}"),
            new JsonObject { ["name"] = request.Name, ["kind"] = request.Type.Plural });
}
