namespace Piksel.Platform.Aws.Postgres;

/// <summary>A table, view or sequence (<paramref name="IsSequence"/>) of a database.</summary>
internal sealed record PostgresRelation(string Schema, string Name, bool IsSequence)
{
    /// <summary>The object kind as GRANT names it.</summary>
    public string GrantKind => IsSequence ? "SEQUENCE" : "TABLE";

    /// <summary>The qualified, quoted name.</summary>
    public string Sql => $"{PostgresSql.Identifier(Schema)}.{PostgresSql.Identifier(Name)}";
}
