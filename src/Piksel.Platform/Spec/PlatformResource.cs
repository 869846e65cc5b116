namespace Piksel.Platform.Spec;

/// <summary>
/// One resource of a <see cref="PlatformSpec"/>: a kind, a deterministic name, the desired properties (the public
/// properties of the derived record), the resources it depends on, and what it exposes to others as outputs.
/// Derived records hold data only; handlers (<see cref="Providers.IResourceHandler{TResource}"/>) make it real.
/// </summary>
public abstract record PlatformResource
{
    /// <summary>The kind: the record's type name (<c>IamRole</c>, <c>S3Bucket</c>).</summary>
    [NotAttribute]
    public string Kind => GetType().Name;

    /// <summary>The deterministic name the resource is found by again (no default: every resource names itself).</summary>
    [NotAttribute]
    public required string Name { get; init; }

    /// <summary>Unique within the kind; the name unless the kind scopes names (namespaced objects).</summary>
    [NotAttribute]
    public virtual string Key => Name;

    /// <summary>The resource's id in the spec and the plan.</summary>
    [NotAttribute]
    public ResourceId Id => new(Kind, Key);

    /// <summary>
    /// Resources that must exist before this one (default: none). References held in string properties
    /// (<see cref="OutputRef"/>) add their resource implicitly.
    /// </summary>
    [NotAttribute]
    public IReadOnlyList<ResourceId> DependsOn { get; init; } = [];

    /// <summary>A reference to one of this resource's outputs.</summary>
    public OutputRef Output(string name) => new(Id, name);
}
