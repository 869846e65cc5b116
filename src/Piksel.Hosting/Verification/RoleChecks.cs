using System.Security.Cryptography;
using Npgsql;
using Piksel.Platform.Spec.Database;

namespace Piksel.Hosting.Verification;

/// <summary>
/// What one login role must and must not do in the server, each check answering null when it held or what was seen
/// instead. Nothing is left behind: writes are rolled back, the table a read-only role reads is dropped.
/// </summary>
/// <param name="login">The role's credentials (null: no Secret; the checks are not run then).</param>
/// <param name="master">The master's credentials, which make the table a read-only role reads (null: unreadable).</param>
/// <param name="role">The role as the spec defines it.</param>
/// <param name="databases">The platform's databases in the role's server.</param>
internal sealed class RoleChecks(DatabaseLogin? login, DatabaseLogin? master, PostgresRole role, IReadOnlyList<string> databases)
{
    private DatabaseLogin Login => login ?? throw new InvalidOperationException($"No login for {role.Name}.");

    /// <summary>The role opens its database and is the user the server sees.</summary>
    public async Task<string?> OpensAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Login.OpenAsync(role.Database, cancellationToken);
        var user = await DatabaseLogin.ScalarAsync(connection, "SELECT current_user", cancellationToken) as string;
        return user == role.Name ? null : $"logged in as {user}, not {role.Name}";
    }

    /// <summary>A read/write role creates a table in schema public and writes a row, all inside a transaction rolled back.</summary>
    public async Task<string?> WritesAsync(CancellationToken cancellationToken)
    {
        var table = TableName();
        await using var connection = await Login.OpenAsync(role.Database, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DatabaseLogin.ScalarAsync(connection, $"CREATE TABLE public.{table} (id integer PRIMARY KEY)", cancellationToken);
        await DatabaseLogin.ScalarAsync(connection, $"INSERT INTO public.{table} VALUES (1)", cancellationToken);
        var rows = await DatabaseLogin.ScalarAsync(connection, $"SELECT count(*) FROM public.{table}", cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return rows is 1L ? null : $"wrote a row but reads {rows}";
    }

    /// <summary>
    /// A read-only role reads a table the master makes (its default privileges cover tables made later) and is refused
    /// an INSERT into it with 42501. The table is the master's, committed so the role can see it, and dropped after.
    /// </summary>
    public async Task<string?> ReadsOnlyAsync(CancellationToken cancellationToken)
    {
        if (master is null)
            return "the master's Secret is unreadable: no table to read";

        var table = TableName();
        await using var owner = await master.OpenAsync(role.Database, cancellationToken);
        await DatabaseLogin.ScalarAsync(owner, $"CREATE TABLE public.{table} (id integer PRIMARY KEY); INSERT INTO public.{table} VALUES (1)", cancellationToken);
        try
        {
            await using var connection = await Login.OpenAsync(role.Database, cancellationToken);
            var rows = await DatabaseLogin.ScalarAsync(connection, $"SELECT count(*) FROM public.{table}", cancellationToken);
            if (rows is not 1L)
                return $"reads {rows} rows, not 1";

            try
            {
                await DatabaseLogin.ScalarAsync(connection, $"INSERT INTO public.{table} VALUES (2)", cancellationToken);
                return "a write was accepted";
            }
            catch (PostgresException e) when (e.SqlState == DatabaseLogin.InsufficientPrivilege)
            {
                return null;
            }
        }
        finally
        {
            await DatabaseLogin.ScalarAsync(owner, $"DROP TABLE IF EXISTS public.{table}", CancellationToken.None);
        }
    }

    /// <summary>Every other database of the server refuses the role at login with 42501 (no CONNECT).</summary>
    public async Task<string?> RefusedElsewhereAsync(CancellationToken cancellationToken)
    {
        var wrong = new List<string>();
        foreach (var database in databases.Where(d => d != role.Database))
        {
            try
            {
                await using var connection = await Login.OpenAsync(database, cancellationToken);
                wrong.Add($"{database} opened");
            }
            catch (PostgresException e) when (e.SqlState == DatabaseLogin.InsufficientPrivilege && e.MessageText.Contains("permission denied for database", StringComparison.Ordinal))
            {
            }
            catch (PostgresException e)
            {
                wrong.Add($"{database}: {e.SqlState}");
            }
        }

        return wrong.Count == 0 ? null : string.Join(", ", wrong);
    }

    /// <summary>A table name no one else uses.</summary>
    private static string TableName() => "piksel_verify_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
