namespace Piksel.Emulator.Aws.Rds;

/// <summary>How the RDS emulator runs the servers behind its instances and paces their status.</summary>
public sealed record RdsOptions
{
    /// <summary>
    /// Makes the servers behind DB instances from the directory they may keep data in (under the emulator's data
    /// directory, or a temporary one removed at stop when state is in memory). Default null: the machine's PostgreSQL.
    /// </summary>
    public Func<string, IDatabaseServers>? Servers { get; init; }

    /// <summary>The shortest time an instance is <c>creating</c>, even when its server starts sooner. Default 0.</summary>
    public TimeSpan CreatingMinimum { get; init; } = TimeSpan.Zero;

    /// <summary>How long a new instance is <c>backing-up</c> (its first automated backup) before it is available. Default 1 s.</summary>
    public TimeSpan BackingUp { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time an instance is <c>modifying</c>, <c>rebooting</c>, <c>starting</c> or <c>stopping</c>. Default 0.</summary>
    public TimeSpan Transition { get; init; } = TimeSpan.Zero;
}
