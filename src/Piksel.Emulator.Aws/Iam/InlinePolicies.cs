namespace Piksel.Emulator.Aws.Iam;

/// <summary>A role's or user's inline policies, by name, as IAM stores and counts them.</summary>
internal static class InlinePolicies
{
    /// <summary>Bytes (whitespace aside) a role's inline policies may take together.</summary>
    public const int RoleQuota = 10240;

    /// <summary>Users have a smaller inline quota than roles.</summary>
    public const int UserQuota = 2048;

    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> current, string name, string document) =>
        new(current, StringComparer.Ordinal) { [name] = document };

    public static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> current, string name)
    {
        var next = new Dictionary<string, string>(current, StringComparer.Ordinal);
        next.Remove(name);
        return next;
    }

    // IAM counts an entity's inline policies together, ignoring whitespace.
    public static int Size(IReadOnlyDictionary<string, string> policies) =>
        policies.Values.Sum(d => d.Count(ch => !char.IsWhiteSpace(ch)));
}
