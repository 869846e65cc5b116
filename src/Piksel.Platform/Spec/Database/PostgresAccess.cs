namespace Piksel.Platform.Spec.Database;

/// <summary>What a login role may do in its database.</summary>
public enum PostgresAccess
{
    /// <summary>Read and write: create tables in schema <c>public</c>, all rights on its tables and sequences.</summary>
    ReadWrite,

    /// <summary>Read only: <c>SELECT</c> on the tables of schema <c>public</c>, including tables made later.</summary>
    ReadOnly,
}
