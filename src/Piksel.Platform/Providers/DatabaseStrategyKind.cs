namespace Piksel.Platform.Providers;

/// <summary>The database strategies.</summary>
public enum DatabaseStrategyKind
{
    /// <summary>An RDS instance through the RDS API (emulated: a real PostgreSQL the emulator runs).</summary>
    RdsApi,

    /// <summary>A PostgreSQL container.</summary>
    Container,
}
