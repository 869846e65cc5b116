namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>An add-on as requested: its version, IRSA role, configuration values and whether it is being deleted (preserving its objects or not).</summary>
public sealed record AddonSpec(
    string Name,
    string Version,
    string? ServiceAccountRoleArn,
    string? ConfigurationValues,
    string ResolveConflicts,
    bool Deleting,
    bool Preserve);
