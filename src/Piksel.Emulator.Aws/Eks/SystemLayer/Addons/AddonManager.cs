using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// EKS's add-on manager inside one cluster: for each add-on the EKS API holds, creates or updates the kube-system
/// objects the real add-on installs, honours <c>resolveConflicts</c> for fields someone else changed, removes the objects
/// of an add-on being deleted (unless it is preserved), and reports each outcome once to the EKS API (installed, or the
/// <c>ConfigurationConflict</c> that stops it). Level-triggered: every pass compares the whole wanted state with the
/// store, woken by changes to the kinds it writes and by a short poll of the spec (the EKS API does not notify the cluster).
/// </summary>
public sealed class AddonManager(ControllerContext context, Func<ClusterSystemSpec> spec, Action<AddonReport> report) : IController
{
    /// <summary>How often the EKS API's view of the add-ons is read again when nothing in the cluster changes.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, JsonObject> lastApplied = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Signature, AddonReport Report)> reported = new(StringComparer.Ordinal);
    private readonly HashSet<string> installed = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var client = context.Client;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PriorityClasses.EnsureAsync(context, stoppingToken);
                var watchers = new List<ObjectStore.Watcher>();
                try
                {
                    foreach (var type in WatchedTypes())
                        watchers.Add(client.Watch(type, null, client.List(type, null).ResourceVersion));
                    while (watchers.All(w => !w.Events.Completion.IsCompleted))
                    {
                        foreach (var w in watchers) while (w.Events.TryRead(out _)) { }
                        await PassAsync(spec(), stoppingToken);
                        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        // A real delay, not the cluster clock: the poll must go on when a test freezes that clock.
                        Task[] waits = [.. watchers.Select(w => w.Events.WaitToReadAsync(wake.Token).AsTask()), Task.Delay(PollInterval, wake.Token)];
                        await Task.WhenAny(waits);
                        await wake.CancelAsync();
                        stoppingToken.ThrowIfCancellationRequested();
                        foreach (var t in waits) _ = t.Exception;
                    }
                }
                finally
                {
                    foreach (var watcher in watchers) watcher.Dispose();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A write that lost a race (409), a watch too old to resume (410), a spec the EKS API could not give: try again shortly.
                await Task.Delay(PollInterval, CancellationToken.None);
            }
        }
    }

    private IEnumerable<ResourceType> WatchedTypes() =>
    [
        BuiltInResources.Deployments, BuiltInResources.DaemonSets, BuiltInResources.Services, BuiltInResources.ConfigMaps,
        BuiltInResources.ServiceAccounts, BuiltInResources.ClusterRoles, BuiltInResources.ClusterRoleBindings, BuiltInResources.StorageClasses,
        SystemResources.Served(context.Catalog, SystemResources.PodDisruptionBudgets), SystemResources.Served(context.Catalog, SystemResources.CsiDrivers),
    ];

    /// <summary>One pass over every add-on of <paramref name="wanted"/>.</summary>
    private async Task PassAsync(ClusterSystemSpec wanted, CancellationToken cancellationToken)
    {
        // Until the namespace controller has made kube-system there is nowhere to install to.
        if (context.Client.Get(BuiltInResources.Namespaces, "", Manifests.KubeSystem) is null) return;
        // kube-dns must take its address from the range the API server allocates from, whatever the spec says.
        var cluster = wanted with { ServiceIpv4Cidr = ServiceIpAllocation.ServiceCidr };
        // An add-on the EKS API no longer holds is gone (its objects removed or preserved): made again, it is a create.
        foreach (var gone in reported.Keys.Where(n => cluster.Addons.All(a => a.Name != n)).ToList())
        {
            reported.Remove(gone);
            installed.Remove(gone);
        }
        foreach (var addon in cluster.Addons)
        {
            var signature = addon.Signature();
            var objects = AddonCatalog.Objects(cluster, addon) ?? [];
            AddonReport outcome;
            if (addon.Deleting)
            {
                if (!addon.Preserve) await RemoveAsync(objects, cancellationToken);
                installed.Remove(addon.Name);
                outcome = new AddonReport(addon.Name, false, null, null);
            }
            else
            {
                try
                {
                    outcome = await ApplyAsync(cluster, addon, objects, signature, cancellationToken);
                }
                catch (StatusException e) when ((int)e.Code is >= 400 and < 500 and not 404 and not 409)
                {
                    // Refused by the cluster (an admission plugin, a validation): EKS reports the add-on degraded, and retries.
                    outcome = new AddonReport(addon.Name, false, "AdmissionRequestDenied", e.Message);
                }
            }
            if (!reported.TryGetValue(addon.Name, out var last) || last.Signature != signature || last.Report != outcome)
            {
                reported[addon.Name] = (signature, outcome);
                report(outcome);
            }
        }
    }

    private async Task<AddonReport> ApplyAsync(ClusterSystemSpec cluster, AddonSpec addon, IReadOnlyList<AddonObject> objects, string signature, CancellationToken cancellationToken)
    {
        if (!installed.Contains(addon.Name) && addon.Installed is { } previous) Resume(cluster, addon, previous);
        var creating = !installed.Contains(addon.Name);
        var changed = reported.TryGetValue(addon.Name, out var last) ? last.Signature != signature : addon.Installed?.Matches(addon) != true;
        var plans = objects
            .Select(o => o with { Type = SystemResources.Served(context.Catalog, o.Type) })
            .Select(o => AddonPlan.For(o, context.Client.Get(o.Type, o.Namespace, o.Name), lastApplied.GetValueOrDefault(Key(o)), addon.ResolveConflicts, creating, changed))
            .ToList();
        var conflicts = plans.Where(p => p.Step == AddonStep.Conflict).ToList();
        if (conflicts.Count > 0)
        {
            // As EKS, nothing is applied when the conflict mode refuses: the add-on's objects stay as they are.
            var lines = conflicts.SelectMany(c => c.Fields.Select(f => $"{c.Object.Label} - {f}"));
            return new AddonReport(addon.Name, false, "ConfigurationConflict",
                "Conflicts found when trying to apply. Will not continue due to resolve conflicts mode. Conflicts:\n" + string.Join("\n", lines));
        }
        foreach (var plan in plans)
        {
            switch (plan.Step)
            {
                case AddonStep.Create:
                    await context.Client.CreateIfAbsentAsync(plan.Object.Type, plan.Object.Namespace, plan.Object.Name, plan.Object.Desired.DeepClone().AsObject(), cancellationToken);
                    break;
                case AddonStep.Overwrite:
                    await context.Client.UpdateAsync(plan.Current!, o => ManagedFields.Overwrite(plan.Object.Desired, o), cancellationToken: cancellationToken);
                    break;
                case AddonStep.None:
                case AddonStep.Keep:
                case AddonStep.Conflict:
                default:
                    break;
            }
            lastApplied[Key(plan.Object)] = plan.Object.Desired;
        }
        installed.Add(addon.Name);
        return new AddonReport(addon.Name, true, null, null);
    }

    /// <summary>
    /// A manager started over a cluster where EKS installed <paramref name="addon"/> before (an emulator restart) takes up
    /// where the last one stopped: the objects of the revision last reported installed are what it applied, so an update
    /// still in progress overwrites its own fields instead of finding them in conflict as a create would.
    /// </summary>
    private void Resume(ClusterSystemSpec cluster, AddonSpec addon, AddonRevision previous)
    {
        var applied = AddonCatalog.Objects(cluster, addon with
        {
            Version = previous.Version,
            ServiceAccountRoleArn = previous.ServiceAccountRoleArn,
            ConfigurationValues = previous.ConfigurationValues,
        }) ?? [];
        foreach (var o in applied) lastApplied.TryAdd(Key(o), o.Desired);
        installed.Add(addon.Name);
    }

    private async Task RemoveAsync(IReadOnlyList<AddonObject> objects, CancellationToken cancellationToken)
    {
        foreach (var o in objects.Reverse())
        {
            var type = SystemResources.Served(context.Catalog, o.Type);
            lastApplied.Remove(Key(o));
            if (context.Client.Get(type, o.Namespace, o.Name) is { } current && !current.IsDeleting())
                await context.Client.DeleteAsync(current, cancellationToken: cancellationToken);
        }
    }

    private static string Key(AddonObject o) => $"{o.Type.GroupResource}/{o.Namespace}/{o.Name}";
}
