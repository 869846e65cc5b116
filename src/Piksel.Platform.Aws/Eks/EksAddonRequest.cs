namespace Piksel.Platform.Aws.Eks;

/// <summary>What CreateAddon and UpdateAddon send.</summary>
public sealed record EksAddonRequest
{
    /// <summary>The add-on's name.</summary>
    public required string AddonName { get; init; }

    /// <summary>The version; null lets EKS choose its default for the cluster (create) or keep it (update).</summary>
    public string? AddonVersion { get; init; }

    /// <summary>The IRSA role; on update an empty string removes it.</summary>
    public string? ServiceAccountRoleArn { get; init; }

    /// <summary><c>NONE</c>, <c>OVERWRITE</c> or <c>PRESERVE</c>.</summary>
    public string? ResolveConflicts { get; init; }

    /// <summary>Configuration values (JSON); on update an empty string resets them.</summary>
    public string? ConfigurationValues { get; init; }

    /// <summary>Tags (create only).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
