namespace Piksel.Emulator.Aws.Rds;

/// <summary>How the RDS emulator runs the servers behind its instances and paces their status.</summary>
public sealed record RdsOptions
{
    /// <summary>
    /// Makes the servers behind DB instances from the directory they may keep data in (under the emulator's data
    /// directory, or a temporary one removed at stop when state is in memory). Default null: the machine's PostgreSQL.
    /// </summary>
    public Func<string, IDatabaseServers>? Servers { get; init; }
}
