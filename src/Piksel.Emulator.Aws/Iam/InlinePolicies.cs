namespace Piksel.Emulator.Aws.Iam;

/// <summary>A role's or user's inline policies, by name, as IAM stores and counts them.</summary>
internal static class InlinePolicies
{
    /// <summary>Bytes (whitespace aside) a role's inline policies may take together.</summary>
    public const int RoleQuota = 10240;

    /// <summary>Users have a smaller inline quota than roles.</summary>
    public const int UserQuota = 2048;

    /// <summary><paramref name="current"/> with <paramref name="name"/> set to <paramref name="document"/>.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> current, string name, string document) =>
        new(current, StringComparer.Ordinal) { [name] = document };

    /// <summary><paramref name="current"/> without <paramref name="name"/>.</summary>
    public static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> current, string name)
    {
        var next = new Dictionary<string, string>(current, StringComparer.Ordinal);
        next.Remove(name);
        return next;
    }

    /// <summary>The size IAM counts against the quota: all of an entity's inline policies together, whitespace aside.</summary>
    public static int Size(IReadOnlyDictionary<string, string> policies) =>
        policies.Values.Sum(d => d.Count(ch => !char.IsWhiteSpace(ch)));
}
