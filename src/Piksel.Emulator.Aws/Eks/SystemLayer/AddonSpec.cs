namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// An add-on as requested: its version, IRSA role, configuration values and whether it is being deleted (preserving its
/// objects or not); <see cref="Installed"/> is the revision the cluster last reported installed (null before the first install).
/// </summary>
public sealed record AddonSpec(
    string Name,
    string Version,
    string? ServiceAccountRoleArn,
    string? ConfigurationValues,
    string ResolveConflicts,
    bool Deleting,
    bool Preserve,
    AddonRevision? Installed = null)
{
    /// <summary>What is asked of the cluster, without <see cref="Installed"/> (which changes when the cluster reports, not when the user asks).</summary>
    public string Signature() => (this with { Installed = null }).ToString();
}
