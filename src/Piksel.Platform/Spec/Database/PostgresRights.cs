namespace Piksel.Platform.Spec.Database;

/// <summary>
/// The normalised form in which a role's rights are compared and shown, one line each: <c>login</c>, other role
/// attributes, memberships, privileges on databases and schemas, on the tables and sequences of a schema (one summary
/// line while every one holds the same, else one line per table that differs), and default privileges on what another
/// role creates later. A privilege set holding every privilege of its object kind reads <c>ALL</c>.
/// </summary>
public static class PostgresRights
{
    /// <summary>The schema the roles work in.</summary>
    public const string Schema = "public";

    /// <summary>The role may log in.</summary>
    public const string Login = "login";

    /// <summary>A role attribute other than LOGIN (<c>createdb</c>, <c>superuser</c>…).</summary>
    public static string Attribute(string name) => $"attribute {name}";

    /// <summary>Membership in <paramref name="role"/> (its rights are the member's too).</summary>
    public static string MemberOf(string role) => $"member of {role}";

    /// <summary>Privileges on a database.</summary>
    public static string OnDatabase(string database, IEnumerable<string> privileges) => $"database {database}: {Join(privileges)}";

    /// <summary>Privileges on a schema.</summary>
    public static string OnSchema(string schema, IEnumerable<string> privileges) => $"schema {schema}: {Join(privileges)}";

    /// <summary>The same privileges on every table (<paramref name="sequences"/>: sequence) of a schema.</summary>
    public static string OnAll(bool sequences, string schema, IEnumerable<string> privileges) =>
        $"{(sequences ? "sequences" : "tables")} in {schema}: {Join(privileges)}";

    /// <summary>Privileges on one table or sequence that differ from its schema's rule.</summary>
    public static string OnOne(bool sequence, string schema, string name, IEnumerable<string> privileges) =>
        $"{(sequence ? "sequence" : "table")} {schema}.{name}: {Join(privileges)}";

    /// <summary>Default privileges on <paramref name="objects"/> (<c>tables</c>, <c>sequences</c>…) that <paramref name="creator"/> makes in <paramref name="schema"/> (null: any schema).</summary>
    public static string Defaults(string objects, string creator, string? schema, IEnumerable<string> privileges) =>
        $"default {objects} of {creator} in {schema ?? "all schemas"}: {Join(privileges)}";

    /// <summary>Table privileges of <paramref name="access"/> in <see cref="Schema"/>.</summary>
    public static IReadOnlyList<string> TablePrivileges(PostgresAccess access) => access == PostgresAccess.ReadWrite ? ["ALL"] : ["SELECT"];

    /// <summary>Sequence privileges of <paramref name="access"/> in <see cref="Schema"/> (none for read-only).</summary>
    public static IReadOnlyList<string> SequencePrivileges(PostgresAccess access) => access == PostgresAccess.ReadWrite ? ["ALL"] : [];

    /// <summary>Schema privileges of <paramref name="access"/> on <see cref="Schema"/>.</summary>
    public static IReadOnlyList<string> SchemaPrivileges(PostgresAccess access) => access == PostgresAccess.ReadWrite ? ["CREATE", "USAGE"] : ["USAGE"];

    /// <summary>
    /// The roles whose future tables the role gets its table privileges on: the master for a read/write role (the
    /// role's own tables are its own), <see cref="PostgresRole.ReadsTablesOf"/> for a read-only one.
    /// </summary>
    public static IReadOnlyList<string> DefaultsFrom(PostgresRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return role.Access == PostgresAccess.ReadWrite ? [role.MasterUsername] : role.ReadsTablesOf;
    }

    /// <summary>Exactly the rights <paramref name="role"/>'s access grants, sorted.</summary>
    public static IReadOnlyList<string> Expected(PostgresRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        var access = role.Access;
        var rights = new List<string>
        {
            Login,
            OnDatabase(role.Database, ["CONNECT"]),
            OnSchema(Schema, SchemaPrivileges(access)),
            OnAll(false, Schema, TablePrivileges(access)),
        };
        if (SequencePrivileges(access).Count > 0)
        {
            rights.Add(OnAll(true, Schema, SequencePrivileges(access)));
        }

        foreach (var creator in DefaultsFrom(role))
        {
            rights.Add(Defaults("tables", creator, Schema, TablePrivileges(access)));
            if (SequencePrivileges(access).Count > 0)
            {
                rights.Add(Defaults("sequences", creator, Schema, SequencePrivileges(access)));
            }
        }

        return Sorted(rights);
    }

    /// <summary><paramref name="rights"/> in the order they are compared and shown, without duplicates.</summary>
    public static IReadOnlyList<string> Sorted(IEnumerable<string> rights) => rights.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static string Join(IEnumerable<string> privileges)
    {
        var sorted = privileges.Order(StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? "none" : string.Join(',', sorted);
    }
}
