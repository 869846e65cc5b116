using System.Runtime.CompilerServices;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;

namespace Piksel.Platform.Aws.Tests.Rds;

/// <summary>A fact that needs the machine's PostgreSQL server binaries (the RDS emulator's servers); skipped, saying so, where they are not installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = "needs PostgreSQL server binaries (none found here; install postgresql or set PIKSEL_POSTGRES_BIN)";
        SkipUnless = nameof(Installed);
        SkipType = typeof(PostgresFactAttribute);
    }

    /// <summary>Whether the RDS emulator's servers can run here.</summary>
    public static bool Installed { get; } = Find();

    private static bool Find()
    {
        try
        {
            new LocalPostgresServers(Path.Combine(Path.GetTempPath(), "piksel-pg-probe")).EnsureAvailable();
            return true;
        }
        catch (DatabaseServerUnavailableException)
        {
            return false;
        }
    }
}
