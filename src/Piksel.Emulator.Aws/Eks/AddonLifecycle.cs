namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// What moves an add-on between states once the API has accepted a change: the cluster's report that its objects are
/// applied (or why not), or EKS itself when <see cref="EksOptions.InstallAddonsWithoutCluster"/> is set. An update ends
/// with its add-on: Successful when it is installed, Failed when it is not.
/// </summary>
internal sealed class AddonLifecycle(EksStore store, EksOptions options)
{
    /// <summary>After an accepted create, update or delete: installs (or removes) at once when no cluster has to report it.</summary>
    public void Accepted(EksClusterRecord cluster, string addonName)
    {
        if (options.InstallAddonsWithoutCluster) Report(cluster, addonName, installed: !IsDeleting(cluster, addonName), null, null);
    }

    /// <summary>
    /// Applies the cluster's report on <paramref name="addonName"/>: installed and healthy is ACTIVE, installed with an
    /// issue DEGRADED, not installed with an issue CREATE_FAILED or UPDATE_FAILED; a DELETING add-on no longer installed is gone.
    /// </summary>
    public void Report(EksClusterRecord cluster, string addonName, bool installed, string? issueCode, string? issueMessage)
    {
        var key = EksStore.PartKey(cluster, addonName);
        var now = store.Time.GetUtcNow();
        var issues = issueMessage is null ? [] : new[] { new EksHealthIssue(issueCode ?? (installed ? "InsufficientNumberOfReplicas" : "InternalFailure"), issueMessage) };
        string? finished = null;
        var updateFailed = false;
        store.Addons.Update(key, addon =>
        {
            if (addon is null || addon.ClusterUid != cluster.Uid) return addon;
            if (addon.Status == EksAddonStatus.Deleting) return installed ? addon : null;
            var status = (installed, issues.Length > 0, addon.Status) switch
            {
                (true, false, _) => EksAddonStatus.Active,
                (true, true, _) => EksAddonStatus.Degraded,
                (false, true, EksAddonStatus.Creating) => EksAddonStatus.CreateFailed,
                (false, true, EksAddonStatus.Updating) => EksAddonStatus.UpdateFailed,
                (false, true, _) => EksAddonStatus.Degraded,
                (false, false, var current) => current,
            };
            // Installed (healthy or not) is what EKS has applied: the revision a restarted manager starts from.
            var revision = installed ? new SystemLayer.AddonRevision(addon.AddonVersion, addon.ServiceAccountRoleArn, addon.ConfigurationValues) : addon.Installed;
            if (status == addon.Status && issues.SequenceEqual(addon.Issues) && revision == addon.Installed) return addon;
            if (addon.PendingUpdateId is { } id && status != EksAddonStatus.Updating)
            {
                finished = id;
                updateFailed = status == EksAddonStatus.UpdateFailed;
            }
            var modified = status == addon.Status && issues.SequenceEqual(addon.Issues) ? addon.ModifiedAt : now;
            return addon with { Status = status, Issues = issues, Installed = revision, ModifiedAt = modified, PendingUpdateId = status == EksAddonStatus.Updating ? addon.PendingUpdateId : null };
        });
        if (finished is { } updateId)
        {
            store.Updates.Update(EksStore.PartKey(cluster, updateId), u => u is null ? null : u with
            {
                Status = updateFailed ? "Failed" : "Successful",
                Errors = updateFailed ? issues : [],
            });
        }
    }

    private bool IsDeleting(EksClusterRecord cluster, string addonName) =>
        store.Addons.Find(EksStore.PartKey(cluster, addonName))?.Status == EksAddonStatus.Deleting;
}
