using System.Text;
using k8s;
using Npgsql;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Database;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// The applied database as a workload's credentials see it: the instance's endpoint from the provider's database
/// strategy (the in-cluster name db-endpoint.database.svc.cluster.local does not resolve on the host), logins read from
/// the synchronised Secrets of namespace <c>database</c>, connections without pooling.
/// </summary>
internal sealed class DatabaseAccess(PlatformFixture fixture, IKubernetes kube, DatabaseEndpoint endpoint)
{
    /// <summary>The namespace of the login Secrets.</summary>
    public const string Namespace = "database";

    /// <summary>The master's synchronised Secret.</summary>
    public const string MasterSecret = "db-password";

    /// <summary>The instance's endpoint.</summary>
    public DatabaseEndpoint Endpoint { get; } = endpoint;

    /// <summary>The platform's databases.</summary>
    public IReadOnlyList<string> Databases { get; } = fixture.Spec.OfKind<PostgresDatabase>().Select(d => d.Name).ToList();

    /// <summary>The spec's login roles.</summary>
    public IReadOnlyList<PostgresRole> Roles { get; } = fixture.Spec.OfKind<PostgresRole>().ToList();

    /// <summary>The spec's RDS instance.</summary>
    public static RdsDbInstance Instance(PlatformFixture fixture) => fixture.Spec.OfKind<RdsDbInstance>().Single();

    /// <summary>Access to the fixture's applied database; fails when the instance has no endpoint.</summary>
    public static async Task<DatabaseAccess> OpenAsync(PlatformFixture fixture, IKubernetes kube, CancellationToken cancellationToken)
    {
        var endpoint = await fixture.Provider.Database.GetEndpointAsync(Instance(fixture).Name, cancellationToken);
        Assert.NotNull(endpoint);
        return new DatabaseAccess(fixture, kube, endpoint);
    }

    /// <summary>The username and password of the Secret <paramref name="name"/> in <see cref="Namespace"/>.</summary>
    public async Task<(string Username, string Password)> LoginAsync(string name, CancellationToken cancellationToken)
    {
        var secret = await kube.CoreV1.ReadNamespacedSecretAsync(name, Namespace, cancellationToken: cancellationToken);
        return (Encoding.UTF8.GetString(secret.Data["username"]), Encoding.UTF8.GetString(secret.Data["password"]));
    }

    /// <summary>An open connection as <paramref name="username"/>.</summary>
    public async Task<NpgsqlConnection> OpenAsync(string username, string password, string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Endpoint.Host,
            Port = Endpoint.Port,
            Username = username,
            Password = password,
            Database = database,
            Pooling = false,
            Timeout = 15,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>An open connection with the login of the Secret <paramref name="secret"/>.</summary>
    public async Task<NpgsqlConnection> OpenAsAsync(string secret, string database, CancellationToken cancellationToken)
    {
        var (username, password) = await LoginAsync(secret, cancellationToken);
        return await OpenAsync(username, password, database, cancellationToken);
    }

    /// <summary>The Respawn reset of every platform database, as the master.</summary>
    public async Task<DatabaseReset> ResetAsync(CancellationToken cancellationToken)
    {
        var (username, password) = await LoginAsync(MasterSecret, cancellationToken);
        return new DatabaseReset(Endpoint.Host, Endpoint.Port, username, password, Databases);
    }

    /// <summary>Runs <paramref name="sql"/>, answering its first value.</summary>
    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
