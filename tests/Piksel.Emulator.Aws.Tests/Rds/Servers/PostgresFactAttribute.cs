using System.Runtime.CompilerServices;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;

namespace Piksel.Emulator.Aws.Tests.Rds.Servers;

/// <summary>A fact that needs the machine's PostgreSQL server binaries; skipped, saying so, where they are not installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = "needs PostgreSQL server binaries (none found here)";
        SkipUnless = nameof(Installed);
        SkipType = typeof(PostgresFactAttribute);
    }

    /// <summary>Whether PostgreSQL can be found the way <see cref="LocalPostgresServers"/> finds it.</summary>
    public static bool Installed { get; } = Find();

    private static bool Find()
    {
        try
        {
            PostgresInstallation.Find(Environment.GetEnvironmentVariable(PostgresInstallation.BinVariable));
            return true;
        }
        catch (DatabaseServerUnavailableException)
        {
            return false;
        }
    }
}
