namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// The DB instance lifecycle on the emulator's clock: a transitional phase ends once its server work is done
/// (<see cref="DbInstanceRecord.SettlesAt"/> set) and that time has come; a new instance then backs up for
/// <see cref="RdsOptions.BackingUp"/> before it is available, as RDS takes its first backup.
/// </summary>
internal static class InstanceStates
{
    /// <summary>Phases that end by themselves.</summary>
    public static bool IsTransitional(string status) => status is "creating" or "modifying" or "rebooting" or "starting" or "stopping";

    /// <summary>The status RDS reports at <paramref name="now"/>.</summary>
    public static string Of(DbInstanceRecord instance, DateTimeOffset now, RdsOptions options)
    {
        if (!IsTransitional(instance.Status) || instance.SettlesAt is not { } settles || now < settles) return instance.Status;
        return instance.Status switch
        {
            "creating" => now < settles + options.BackingUp ? "backing-up" : "available",
            "stopping" => "stopped",
            _ => "available",
        };
    }

    /// <summary>The record with a finished phase written as its outcome (null when nothing changed).</summary>
    public static DbInstanceRecord? Settled(DbInstanceRecord instance, DateTimeOffset now, RdsOptions options) =>
        Of(instance, now, options) switch
        {
            var s when s == instance.Status || s == "backing-up" => null,
            var s => instance with { Status = s, SettlesAt = null, PasswordPending = false },
        };
}
