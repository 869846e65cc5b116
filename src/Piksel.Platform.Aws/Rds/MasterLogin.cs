using System.Net.Sockets;
using Npgsql;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// Reads an instance's master password from its Secrets Manager secret and checks that the master can log in with it,
/// through the provider's <see cref="IDatabaseStrategy"/> (the endpoint this machine reaches) and Npgsql. RDS never
/// shows a password, so logging in is the only way to see one changed behind the engine's back or a rotated secret.
/// </summary>
/// <param name="context">The handlers' shared context (the Secrets Manager client comes from it).</param>
/// <param name="database">Where the instance is reachable from this machine.</param>
internal sealed class MasterLogin(AwsHandlerContext context, IDatabaseStrategy database)
{
    /// <summary>How long one login attempt may take. Default: 15 seconds.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The secret's current value (a string secret: the password itself).</summary>
    public async Task<SensitiveString> PasswordAsync(string account, string? region, string secretArn, CancellationToken cancellationToken)
    {
        var secrets = await context.ClientAsync(this, account, region, options => new SecretsManagerClient(options), cancellationToken);
        var entry = await secrets.GetSecretValueAsync(secretArn, cancellationToken: cancellationToken);
        return new SensitiveString(entry.Value.Reveal());
    }

    /// <summary>
    /// False when the server refuses <paramref name="username"/> with <paramref name="password"/>; true when it lets
    /// the master in, and also when the instance cannot be reached from here (real RDS in private subnets): what cannot
    /// be checked is not reported as drift.
    /// </summary>
    public async Task<bool> WorksAsync(string identifier, string username, string? databaseName, SensitiveString password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (await database.GetEndpointAsync(identifier, cancellationToken) is not { } endpoint)
        {
            return true;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Username = username,
            Password = password.Reveal(),
            Database = databaseName ?? "postgres",
            Timeout = (int)Math.Ceiling(LoginTimeout.TotalSeconds),
            Pooling = false,
            SslMode = SslMode.Prefer,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return false;
        }
        catch (PostgresException)
        {
            // Authenticated, refused for another reason (the database gone, too many connections): the password works.
            return true;
        }
        catch (NpgsqlException e) when (e.InnerException is SocketException or TimeoutException || e.IsTransient)
        {
            return true;
        }
    }
}
