using Npgsql;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Database;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// How the Postgres handlers reach an instance's server: its endpoint from the provider's
/// <see cref="IDatabaseStrategy"/>, passwords from Secrets Manager through <see cref="AwsHandlerContext"/>'s clients,
/// connections without pooling (a rotated password must not be served by a pooled session). Passwords live only in
/// the connection strings it builds; no message it makes holds one.
/// </summary>
/// <param name="context">The AWS handlers' context (Secrets Manager clients per account and region).</param>
/// <param name="database">Where the instances' servers are.</param>
public sealed class PostgresServerAccess(AwsHandlerContext context, IDatabaseStrategy database)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// True when <paramref name="resource"/> can exist: its secrets' ARNs are known (no tokens left) and the instance has
    /// an endpoint; then <see cref="MasterAsync"/> connects.
    /// </summary>
    public async Task<DatabaseEndpoint?> EndpointAsync(PostgresServerResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (OutputRef.HasTokens(resource.MasterPasswordSecretArn) || OutputRef.HasTokens(resource.Instance))
        {
            return null;
        }

        return await database.GetEndpointAsync(resource.Instance, cancellationToken);
    }

    /// <summary>An open connection as the master of <paramref name="resource"/>'s instance to <paramref name="databaseName"/>.</summary>
    public async Task<NpgsqlConnection> MasterAsync(PostgresServerResource resource, DatabaseEndpoint endpoint, string databaseName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var password = await SecretAsync(resource.MasterPasswordSecretArn, cancellationToken);
        return await OpenAsync(endpoint, resource.MasterUsername, password, databaseName, $"Connecting to {resource.Instance} as its master", cancellationToken);
    }

    /// <summary>
    /// As <see cref="MasterAsync"/>, or null when <paramref name="databaseName"/> no longer exists (destroy drops
    /// databases beside the roles that had objects in them, so one may be gone by the time a role's turn comes).
    /// </summary>
    public async Task<NpgsqlConnection?> MasterIfDatabaseExistsAsync(PostgresServerResource resource, DatabaseEndpoint endpoint, string databaseName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var password = await SecretAsync(resource.MasterPasswordSecretArn, cancellationToken);
        return await PostgresFailure.Guard($"Connecting to {resource.Instance} as its master", async () =>
        {
            try
            {
                return await ConnectAsync(endpoint, resource.MasterUsername, password, databaseName, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                return null;
            }
        });
    }

    /// <summary>The current string value of the secret <paramref name="arn"/>.</summary>
    public async Task<string> SecretAsync(string arn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        if (parts.Length < 7 || parts[0] != "arn" || parts[2] != "secretsmanager")
        {
            throw new InvalidOperationException($"'{arn}' is not a Secrets Manager secret ARN.");
        }

        var client = await context.ClientAsync(this, parts[4], parts[3], options => new SecretsManagerClient(options), cancellationToken);
        var entry = await AwsErrors.Guard($"Reading secret {parts[6]}", () => client.GetSecretValueAsync(arn, cancellationToken: cancellationToken));
        return entry.Value.Reveal();
    }

    /// <summary>
    /// True when <paramref name="role"/> logs in with <paramref name="password"/>: only an authentication failure
    /// (28P01) says no; a login refused later (no CONNECT, no such database) still proves the password.
    /// </summary>
    public static async Task<bool> AcceptsPasswordAsync(DatabaseEndpoint endpoint, string role, string password, string databaseName, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await ConnectAsync(endpoint, role, password, databaseName, cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
        catch (PostgresException)
        {
            return true;
        }
        catch (NpgsqlException e)
        {
            throw new RetryableResourceException($"Logging in as {role}: the database server did not answer ({(e.InnerException ?? e).GetType().Name}).");
        }
    }

    /// <summary>An open connection as <paramref name="user"/>; failures in the engine's terms (<see cref="PostgresFailure"/>).</summary>
    public static Task<NpgsqlConnection> OpenAsync(DatabaseEndpoint endpoint, string user, string password, string databaseName, string what, CancellationToken cancellationToken) =>
        PostgresFailure.Guard(what, () => ConnectAsync(endpoint, user, password, databaseName, cancellationToken));

    /// <summary>
    /// An open connection as <paramref name="user"/> (unpooled, so every call logs in again); failures as Npgsql raises
    /// them, for callers that judge the SQLSTATE themselves (the verifier). The password stays in the connection string.
    /// </summary>
    public static async Task<NpgsqlConnection> ConnectAsync(DatabaseEndpoint endpoint, string user, string password, string databaseName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Username = user,
            Password = password,
            Database = databaseName,
            Pooling = false,
            Timeout = (int)ConnectTimeout.TotalSeconds,
            ApplicationName = "piksel",
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
}
