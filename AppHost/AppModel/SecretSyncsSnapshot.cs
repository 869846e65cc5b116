using Aspire.Hosting.ApplicationModel;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The secret syncs group's snapshot from its ExternalSecrets' live states: one row per ExternalSecret
/// (<c>ExternalSecret.&lt;namespace/name&gt;</c> = <c>SecretSynced</c> or the error), and the group Running when every one is
/// synced, else "n of m synced" as a warning.
/// </summary>
internal static class SecretSyncsSnapshot
{
    /// <summary>What ESO's Ready condition says when the Secret is synced.</summary>
    public const string Synced = "SecretSynced";

    /// <summary><paramref name="snapshot"/> with <paramref name="states"/> as its rows and state.</summary>
    public static CustomResourceSnapshot With(CustomResourceSnapshot snapshot, IReadOnlyList<(string Name, string State)> states)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(states);
        var rows = states.Select(s => new ResourcePropertySnapshot($"ExternalSecret.{s.Name}", s.State));
        var synced = states.Count(s => s.State == Synced);
        var state = synced == states.Count
            ? new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success)
            : new ResourceStateSnapshot($"{synced} of {states.Count} synced", KnownResourceStateStyles.Warn);
        return snapshot with
        {
            State = state,
            Properties = [.. snapshot.Properties.Where(p => !p.Name.StartsWith("ExternalSecret.", StringComparison.Ordinal)), .. rows],
        };
    }
}
