namespace Piksel.Emulator.Aws.Eks;

/// <summary>How the EKS emulator paces what real EKS does in the background (add-on installs, Fargate profile changes).</summary>
public sealed record EksOptions
{
    /// <summary>
    /// When true, an add-on counts as installed as soon as it is created or updated (and gone as soon as it is deleted),
    /// without waiting for the cluster's system layer to report it: for a cluster whose API server is not running or has
    /// no system layer. Default false: CREATING/UPDATING turn ACTIVE when the cluster reports the add-on installed.
    /// </summary>
    public bool InstallAddonsWithoutCluster { get; init; }

    /// <summary>
    /// How long a Fargate profile stays CREATING (before ACTIVE) and DELETING (before it is gone), by the emulator's clock.
    /// Default zero: the change shows at the next read. Real EKS takes minutes; a test that holds the clock sees the wait.
    /// </summary>
    public TimeSpan FargateProfileTransition { get; init; } = TimeSpan.Zero;
}
