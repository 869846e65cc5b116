namespace Piksel.Platform.Spec;

/// <summary>
/// Identifies a resource in a spec and in a plan: its kind and a key that is unique within the kind
/// (a name, or <c>namespace/name</c> for namespaced Kubernetes objects). Printed as <c>Kind.key</c>, like a
/// Terraform address.
/// </summary>
public readonly record struct ResourceId(string Kind, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}.{Key}";
}
