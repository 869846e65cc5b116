namespace Piksel.Platform.Aws.Eks;

/// <summary>Where an access policy applies: the whole cluster or some namespaces.</summary>
public sealed record EksAccessScope(string Type, IReadOnlyList<string> Namespaces)
{
    /// <summary>The whole cluster.</summary>
    public static EksAccessScope Cluster { get; } = new("cluster", []);

    /// <summary>Only <paramref name="namespaces"/>.</summary>
    public static EksAccessScope InNamespaces(params string[] namespaces) => new("namespace", namespaces);
}
