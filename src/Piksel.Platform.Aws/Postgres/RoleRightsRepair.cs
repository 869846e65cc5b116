using Npgsql;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// The statements that bring a role's observed rights to the desired ones: grants for what is missing, revokes for
/// what is beyond (a right widened behind the engine's back), per object; nothing for what already agrees.
/// </summary>
internal static class RoleRightsRepair
{
    private static readonly Dictionary<string, string> AttributeOff = new(StringComparer.Ordinal)
    {
        ["superuser"] = "NOSUPERUSER",
        ["createdb"] = "NOCREATEDB",
        ["createrole"] = "NOCREATEROLE",
        ["replication"] = "NOREPLICATION",
        ["bypassrls"] = "NOBYPASSRLS",
    };

    /// <summary>Server-wide statements (attributes, memberships, database grants), to run on any database of the server.</summary>
    public static IReadOnlyList<string> ServerStatements(string role, RoleRights actual, RoleRights desired)
    {
        var r = PostgresSql.Identifier(role);
        var statements = new List<string>();
        if (desired.Attributes.Contains("login") && !actual.Attributes.Contains("login"))
        {
            statements.Add($"ALTER ROLE {r} LOGIN");
        }

        statements.AddRange(actual.Attributes.Where(AttributeOff.ContainsKey).Select(a => $"ALTER ROLE {r} {AttributeOff[a]}"));
        statements.AddRange(actual.MemberOf.Except(desired.MemberOf).Select(g => $"REVOKE {PostgresSql.Identifier(g)} FROM {r}"));
        foreach (var database in Keys(actual.Databases, desired.Databases))
        {
            statements.AddRange(Changes(actual.Databases, desired.Databases, database, $"DATABASE {PostgresSql.Identifier(database)}", r));
        }

        return statements;
    }

    /// <summary>Statements for schemas, relations and default privileges, to run in the role's database.</summary>
    public static IReadOnlyList<string> DatabaseStatements(string role, RoleRights actual, RoleRights desired)
    {
        var r = PostgresSql.Identifier(role);
        var statements = new List<string>();
        foreach (var schema in Keys(actual.Schemas, desired.Schemas))
        {
            statements.AddRange(Changes(actual.Schemas, desired.Schemas, schema, $"SCHEMA {PostgresSql.Identifier(schema)}", r));
        }

        foreach (var relation in Keys(actual.Relations, desired.Relations))
        {
            statements.AddRange(Changes(actual.Relations, desired.Relations, relation, $"{relation.GrantKind} {relation.Sql}", r));
        }

        foreach (var entry in Keys(actual.Defaults, desired.Defaults))
        {
            var scope = $"ALTER DEFAULT PRIVILEGES FOR ROLE {PostgresSql.Identifier(entry.Creator)}"
                + (entry.Schema is null ? "" : $" IN SCHEMA {PostgresSql.Identifier(entry.Schema)}");
            var objects = entry.Objects.ToUpperInvariant();
            var (revoke, grant) = Diff(actual.Defaults.GetValueOrDefault(entry), desired.Defaults.GetValueOrDefault(entry));
            if (revoke is not null)
            {
                statements.Add($"{scope} REVOKE {revoke} ON {objects} FROM {r}");
            }

            if (grant is not null)
            {
                statements.Add($"{scope} GRANT {grant} ON {objects} TO {r}");
            }
        }

        return statements;
    }

    /// <summary>Runs <paramref name="statements"/> on <paramref name="connection"/>, one by one (<paramref name="sensitive"/>: they hold a password, kept out of any message).</summary>
    public static async Task RunAsync(NpgsqlConnection connection, IEnumerable<string> statements, string what, CancellationToken cancellationToken, bool sensitive = false)
    {
        foreach (var sql in statements)
        {
            await PostgresFailure.Guard(what, async () =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }, sensitive);
        }
    }

    private static IEnumerable<string> Changes<TKey>(IReadOnlyDictionary<TKey, IReadOnlySet<string>> actual, IReadOnlyDictionary<TKey, IReadOnlySet<string>> desired, TKey key, string target, string role)
        where TKey : notnull
    {
        var (revoke, grant) = Diff(actual.GetValueOrDefault(key), desired.GetValueOrDefault(key));
        if (revoke is not null)
        {
            yield return $"REVOKE {revoke} ON {target} FROM {role}";
        }

        if (grant is not null)
        {
            yield return $"GRANT {grant} ON {target} TO {role}";
        }
    }

    /// <summary>What to revoke and what to grant (null: nothing), ALL standing for every privilege of the kind.</summary>
    private static (string? Revoke, string? Grant) Diff(IReadOnlySet<string>? actual, IReadOnlySet<string>? desired)
    {
        actual ??= new HashSet<string>();
        desired ??= new HashSet<string>();
        if (actual.SetEquals(desired))
        {
            return (null, null);
        }

        // ALL desired covers whatever is held; ALL held but not desired is revoked whole and the desired granted again.
        var excess = desired.Contains("ALL") ? [] : actual.Except(desired).ToArray();
        var missing = excess.Contains("ALL") ? desired.ToArray() : desired.Except(actual).ToArray();
        return (excess.Length == 0 ? null : Join(excess), missing.Length == 0 ? null : Join(missing));
    }

    private static string Join(IEnumerable<string> privileges) =>
        privileges.Contains("ALL") ? "ALL" : string.Join(", ", privileges.Order(StringComparer.Ordinal));

    private static IEnumerable<TKey> Keys<TKey>(IReadOnlyDictionary<TKey, IReadOnlySet<string>> actual, IReadOnlyDictionary<TKey, IReadOnlySet<string>> desired)
        where TKey : notnull => actual.Keys.Union(desired.Keys);
}
