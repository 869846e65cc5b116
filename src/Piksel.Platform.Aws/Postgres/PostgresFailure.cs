using Npgsql;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// Turns Npgsql's errors into the engine's: transient ones (server starting, connections exhausted, unreachable)
/// retryable, others a plain failure naming the SQLSTATE. Neither keeps Npgsql's exception as the inner one: a
/// <see cref="PostgresException"/> carries the statement (which may set a password) and the server's text may quote it.
/// </summary>
public static class PostgresFailure
{
    // cannot_connect_now, too_many_connections, serialization_failure, deadlock, object_in_use (template busy), admin_shutdown.
    private static readonly HashSet<string> TransientStates = ["57P03", "53300", "40001", "40P01", "55006", "57P01"];

    /// <summary>
    /// Runs <paramref name="call"/>; on failure throws a message made of <paramref name="what"/> and the SQLSTATE, with
    /// the server's text unless <paramref name="sensitive"/> (the statement held a password).
    /// </summary>
    public static async Task<T> Guard<T>(string what, Func<Task<T>> call, bool sensitive = false)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (PostgresException e)
        {
            var text = sensitive ? $"{what}: PostgreSQL refused it ({e.SqlState})." : $"{what}: PostgreSQL refused it ({e.SqlState}: {e.MessageText}).";
            throw TransientStates.Contains(e.SqlState) || e.SqlState.StartsWith("08", StringComparison.Ordinal)
                ? new RetryableResourceException(text)
                : new InvalidOperationException(text);
        }
        catch (NpgsqlException e)
        {
            // Connection-level failures (refused, reset, timed out): the server may be starting or restarting.
            throw new RetryableResourceException($"{what}: the database server did not answer ({(e.InnerException ?? e).GetType().Name}).");
        }
    }

    /// <summary>Like <see cref="Guard{T}(string, Func{Task{T}}, bool)"/> for a call without a result.</summary>
    public static Task Guard(string what, Func<Task> call, bool sensitive = false) => Guard(what, async () =>
    {
        await call();
        return true;
    }, sensitive);
}
