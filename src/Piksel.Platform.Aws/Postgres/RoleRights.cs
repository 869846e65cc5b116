using Piksel.Platform.Spec.Database;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// A role's rights in structured form, as observed in the server or as desired: per kind of object, the privileges
/// on each. Privilege sets are normalised (<see cref="Normalise"/>) so a full set compares as <c>ALL</c>.
/// </summary>
internal sealed record RoleRights
{
    /// <summary>Every table privilege up to PostgreSQL 16 (17's MAINTAIN is extra): holding these is holding ALL.</summary>
    private static readonly string[] AllOfTable = ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"];

    private static readonly string[] AllOfSequence = ["SELECT", "UPDATE", "USAGE"];

    /// <summary>Role attributes held, in lower case (<c>login</c>, <c>createdb</c>…).</summary>
    public required IReadOnlySet<string> Attributes { get; init; }

    /// <summary>The roles it is a member of.</summary>
    public required IReadOnlySet<string> MemberOf { get; init; }

    /// <summary>Privileges granted to it on each database of the server.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> Databases { get; init; }

    /// <summary>Privileges on each schema of its database.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> Schemas { get; init; }

    /// <summary>Privileges on each table, view and sequence of its database it does not own (none included).</summary>
    public required IReadOnlyDictionary<PostgresRelation, IReadOnlySet<string>> Relations { get; init; }

    /// <summary>Default privileges it gets on what another role creates.</summary>
    public required IReadOnlyDictionary<PostgresDefaultAcl, IReadOnlySet<string>> Defaults { get; init; }

    /// <summary>Exactly what <paramref name="role"/>'s access grants, on the <paramref name="relations"/> that exist now.</summary>
    public static RoleRights Desired(PostgresRole role, IEnumerable<PostgresRelation> relations)
    {
        ArgumentNullException.ThrowIfNull(role);
        var access = role.Access;
        var defaults = new Dictionary<PostgresDefaultAcl, IReadOnlySet<string>>();
        foreach (var creator in PostgresRights.DefaultsFrom(role))
        {
            defaults[new PostgresDefaultAcl(creator, PostgresRights.Schema, 'r')] = Set(PostgresRights.TablePrivileges(access));
            if (PostgresRights.SequencePrivileges(access).Count > 0)
            {
                defaults[new PostgresDefaultAcl(creator, PostgresRights.Schema, 'S')] = Set(PostgresRights.SequencePrivileges(access));
            }
        }

        return new RoleRights
        {
            Attributes = Set(["login"]),
            MemberOf = Set([]),
            Databases = new Dictionary<string, IReadOnlySet<string>> { [role.Database] = Set(["CONNECT"]) },
            Schemas = new Dictionary<string, IReadOnlySet<string>> { [PostgresRights.Schema] = Set(PostgresRights.SchemaPrivileges(access)) },
            Relations = relations.ToDictionary(r => r, r => (IReadOnlySet<string>)Set(r.Schema != PostgresRights.Schema ? []
                : r.IsSequence ? PostgresRights.SequencePrivileges(access) : PostgresRights.TablePrivileges(access))),
            Defaults = defaults,
        };
    }

    /// <summary><paramref name="privileges"/> as a set, <c>ALL</c> when it holds every privilege of its kind.</summary>
    public static IReadOnlySet<string> Normalise(IEnumerable<string> privileges, bool sequence)
    {
        var set = privileges.ToHashSet(StringComparer.Ordinal);
        return (sequence ? AllOfSequence : AllOfTable).All(set.Contains) ? Set(["ALL"]) : set;
    }

    /// <summary>The normalised lines of <see cref="PostgresRights"/>, given what the role's access expects of each schema's relations.</summary>
    public IReadOnlyList<string> Lines(PostgresAccess access)
    {
        var lines = new List<string>();
        lines.AddRange(Attributes.Select(a => a == "login" ? PostgresRights.Login : PostgresRights.Attribute(a)));
        lines.AddRange(MemberOf.Select(PostgresRights.MemberOf));
        lines.AddRange(Databases.Where(d => d.Value.Count > 0).Select(d => PostgresRights.OnDatabase(d.Key, d.Value)));
        lines.AddRange(Schemas.Where(s => s.Value.Count > 0).Select(s => PostgresRights.OnSchema(s.Key, s.Value)));
        foreach (var sequence in new[] { false, true })
        {
            var rule = Set(sequence ? PostgresRights.SequencePrivileges(access) : PostgresRights.TablePrivileges(access));
            var differing = Relations.Where(r => r.Key.IsSequence == sequence
                && !r.Value.SetEquals(r.Key.Schema == PostgresRights.Schema ? rule : Set([]))).ToList();
            lines.AddRange(differing.Select(r => PostgresRights.OnOne(sequence, r.Key.Schema, r.Key.Name, r.Value)));
            if (rule.Count > 0 && !differing.Any(r => r.Key.Schema == PostgresRights.Schema))
            {
                lines.Add(PostgresRights.OnAll(sequence, PostgresRights.Schema, rule));
            }
        }

        lines.AddRange(Defaults.Where(d => d.Value.Count > 0).Select(d => PostgresRights.Defaults(d.Key.Objects, d.Key.Creator, d.Key.Schema, d.Value)));
        return PostgresRights.Sorted(lines);
    }

    private static HashSet<string> Set(IEnumerable<string> items) => items.ToHashSet(StringComparer.Ordinal);
}
