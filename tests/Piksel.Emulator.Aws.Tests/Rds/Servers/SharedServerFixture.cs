using System.Diagnostics;
using Npgsql;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;

namespace Piksel.Emulator.Aws.Tests.Rds.Servers;

/// <summary>One server shared by the tests that only connect to it (each server costs about a second to make).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SharedServerFixture : IAsyncLifetime
{
    public const string Key = "123456789012-ap-southeast-3-shared";
    public const string Master = "piksel_test";
    public const string Password = "first-Password-1";
    public const string Database = "piksel";

    private readonly ServerRoots roots = new();

    public LocalPostgresServers Servers { get; private set; } = null!;

    public DatabaseServerEndpoint Endpoint { get; private set; } = null!;

    /// <summary>How long CreateAsync took here (reported, never asserted).</summary>
    public TimeSpan CreateTime { get; private set; }

    public string Root => roots.Root;

    public string Parent => roots.Parent;

    public async ValueTask InitializeAsync()
    {
        Servers = new LocalPostgresServers(roots.Root);
        if (!PostgresFactAttribute.Installed) return;
        var watch = Stopwatch.StartNew();
        Endpoint = await Servers.CreateAsync(new DatabaseServerRequest(Key, Servers.EngineMajors[0], Master, Password, Database), CancellationToken.None);
        CreateTime = watch.Elapsed;
    }

    public NpgsqlConnection Connect(string username, string password, string? database = Database) =>
        new(new NpgsqlConnectionStringBuilder
        {
            Host = Endpoint.Host,
            Port = Endpoint.Port,
            Username = username,
            Password = password,
            Database = database,
            Pooling = false,
        }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (PostgresFactAttribute.Installed) await Servers.DeleteAsync(Key, CancellationToken.None);
        await Servers.DisposeAsync();
        roots.Dispose();
    }
}
