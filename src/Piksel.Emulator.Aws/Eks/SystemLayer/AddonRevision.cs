namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// The version, IRSA role and configuration values of an add-on as the cluster last reported them installed: what EKS
/// last applied, kept by the EKS API so an add-on manager that starts again (an emulator restart) knows which fields
/// are its own rather than taking every difference for someone else's change.
/// </summary>
public sealed record AddonRevision(string Version, string? ServiceAccountRoleArn, string? ConfigurationValues)
{
    /// <summary>Whether <paramref name="addon"/> asks for this revision.</summary>
    public bool Matches(AddonSpec addon)
    {
        ArgumentNullException.ThrowIfNull(addon);
        return Version == addon.Version && ServiceAccountRoleArn == addon.ServiceAccountRoleArn && ConfigurationValues == addon.ConfigurationValues;
    }
}
