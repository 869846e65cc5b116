namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// What was last done for one ExternalSecret (or store): which spec was synced, when (<paramref name="Since"/>), and
/// when it is due again.
/// </summary>
internal sealed record Tracked(string Uid, string Spec, DateTimeOffset Due, int Failures, DateTimeOffset Since)
{
    /// <summary>
    /// Not yet due at <paramref name="now"/>. A clock that went back behind <see cref="Since"/> (the embedded
    /// provider moves "now" forward for a moment to check expired tokens) makes it due, rather than postponing it by the jump.
    /// </summary>
    public bool Waiting(DateTimeOffset now) => now < Due && now >= Since;

    /// <summary>Forgets what <paramref name="seen"/> no longer lists; returns when the next of the rest falls due.</summary>
    public static DateTimeOffset NextDue(Dictionary<string, Tracked> tracked, HashSet<string> seen)
    {
        foreach (var gone in tracked.Keys.Where(k => !seen.Contains(k)).ToList()) tracked.Remove(gone);
        return tracked.Count == 0 ? DateTimeOffset.MaxValue : tracked.Values.Min(t => t.Due);
    }
}
