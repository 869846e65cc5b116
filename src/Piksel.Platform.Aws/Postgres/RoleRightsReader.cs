using Npgsql;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// Reads a role's rights from the catalogs, as the master (RDS's master cannot read <c>pg_authid</c>, but every catalog
/// used here is readable by any role): attributes and memberships from <c>pg_roles</c>/<c>pg_auth_members</c>, grants on
/// every database of the server, and in the role's database grants on schemas, relations and default privileges.
/// </summary>
internal static class RoleRightsReader
{
    private const string SystemSchemas = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";

    /// <summary>True when <paramref name="role"/> exists.</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection server, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @role", server);
        command.Parameters.AddWithValue("role", role);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// The role's rights: server-wide through <paramref name="server"/>, in its database through <paramref name="inDatabase"/>
    /// (null when that database does not exist: no rights there).
    /// </summary>
    public static async Task<RoleRights> ReadAsync(NpgsqlConnection server, NpgsqlConnection? inDatabase, string role, CancellationToken cancellationToken)
    {
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = @role", server))
        {
            command.Parameters.AddWithValue("role", role);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                string[] names = ["login", "superuser", "createdb", "createrole", "replication", "bypassrls"];
                for (var i = 0; i < names.Length; i++)
                {
                    if (reader.GetBoolean(i))
                    {
                        attributes.Add(names[i]);
                    }
                }
            }
        }

        var memberOf = (await PairsAsync(server,
            "SELECT g.rolname, '' FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = @role",
            role, cancellationToken)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var databases = Grouped(await PairsAsync(server,
            "SELECT d.datname, a.privilege_type FROM pg_database d, aclexplode(d.datacl) a WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = @role)",
            role, cancellationToken));

        var schemas = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var relations = new Dictionary<PostgresRelation, IReadOnlySet<string>>();
        var defaults = new Dictionary<PostgresDefaultAcl, IReadOnlySet<string>>();
        if (inDatabase is not null)
        {
            schemas = Grouped(await PairsAsync(inDatabase,
                $"SELECT n.nspname, a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = @role) AND {SystemSchemas}",
                role, cancellationToken));
            await ReadRelationsAsync(inDatabase, role, relations, cancellationToken);
            await ReadDefaultsAsync(inDatabase, role, defaults, cancellationToken);
        }

        return new RoleRights { Attributes = attributes, MemberOf = memberOf, Databases = databases, Schemas = schemas, Relations = relations, Defaults = defaults };
    }

    private static async Task ReadRelationsAsync(NpgsqlConnection connection, string role, Dictionary<PostgresRelation, IReadOnlySet<string>> into, CancellationToken cancellationToken)
    {
        // Relations the role owns are left out: an owner holds every privilege whatever the ACL says.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT n.nspname, c.relname, c.relkind = 'S',
                   COALESCE((SELECT array_agg(a.privilege_type::text) FROM aclexplode(c.relacl) a WHERE a.grantee = r.oid), '{"{}"}')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, (SELECT oid FROM pg_roles WHERE rolname = @role) r
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relowner <> r.oid AND {SystemSchemas}
            """, connection);
        command.Parameters.AddWithValue("role", role);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetBoolean(2);
            into[new PostgresRelation(reader.GetString(0), reader.GetString(1), sequence)] = RoleRights.Normalise(reader.GetFieldValue<string[]>(3), sequence);
        }
    }

    private static async Task ReadDefaultsAsync(NpgsqlConnection connection, string role, Dictionary<PostgresDefaultAcl, IReadOnlySet<string>> into, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype::text, array_agg(a.privilege_type::text)
            FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
            WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = @role)
            GROUP BY 1, 2, 3
            """, connection);
        command.Parameters.AddWithValue("role", role);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new PostgresDefaultAcl(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)[0]);
            into[key] = RoleRights.Normalise(reader.GetFieldValue<string[]>(3), key.IsSequence);
        }
    }

    private static async Task<List<KeyValuePair<string, string>>> PairsAsync(NpgsqlConnection connection, string sql, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("role", role);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new List<KeyValuePair<string, string>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    private static Dictionary<string, IReadOnlySet<string>> Grouped(List<KeyValuePair<string, string>> pairs) =>
        pairs.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(p => p.Value).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
}
