namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A node selector requirement of a NodePool: <paramref name="Key"/> <paramref name="Operator"/> <paramref name="Values"/>.</summary>
/// <param name="Key">A well-known label, e.g. <c>karpenter.k8s.aws/instance-family</c>.</param>
/// <param name="Operator"><c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>, <c>Gt</c> or <c>Lt</c>.</param>
/// <param name="Values">The values (none for Exists and DoesNotExist).</param>
public sealed record KarpenterRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary><paramref name="key"/> In <paramref name="values"/>.</summary>
    public static KarpenterRequirement In(string key, params string[] values) => new(key, "In", values);
}
