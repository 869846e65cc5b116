namespace Piksel.Platform.Aws.Postgres;

/// <summary>A default-privileges entry: what <paramref name="Creator"/> makes of <paramref name="ObjectType"/> (pg_default_acl's letter) in <paramref name="Schema"/> (null: any).</summary>
internal sealed record PostgresDefaultAcl(string Creator, string? Schema, char ObjectType)
{
    /// <summary>The objects as ALTER DEFAULT PRIVILEGES names them, in lower case.</summary>
    public string Objects => ObjectType switch
    {
        'r' => "tables",
        'S' => "sequences",
        'f' => "functions",
        'T' => "types",
        'n' => "schemas",
        _ => "large objects",
    };

    /// <summary>True for sequences, whose full privilege set differs from tables'.</summary>
    public bool IsSequence => ObjectType == 'S';
}
