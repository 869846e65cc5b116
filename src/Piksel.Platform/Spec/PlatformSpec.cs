namespace Piksel.Platform.Spec;

/// <summary>
/// The desired platform: every resource with its dependencies, and the outputs to publish. Immutable; build it with
/// <see cref="PlatformSpecBuilder"/>, which rejects duplicate ids, unknown dependencies and cycles.
/// </summary>
public sealed record PlatformSpec
{
    /// <summary>The environment the spec describes (its resources carry it in tags and labels).</summary>
    public required string Environment { get; init; }

    /// <summary>The resources, in the order they were added.</summary>
    public required IReadOnlyList<PlatformResource> Resources { get; init; }

    /// <summary>The outputs to publish after apply. Default: none.</summary>
    public IReadOnlyList<PlatformOutput> Outputs { get; init; } = [];

    /// <summary>The resource with <paramref name="id"/>.</summary>
    public PlatformResource this[ResourceId id] =>
        Resources.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"The spec has no resource {id}.");

    /// <summary>Every resource of kind <typeparamref name="T"/>.</summary>
    public IEnumerable<T> OfKind<T>()
        where T : PlatformResource => Resources.OfType<T>();

    /// <summary>The resource of kind <typeparamref name="T"/> with key <paramref name="key"/>.</summary>
    public T Get<T>(string key)
        where T : PlatformResource =>
        OfKind<T>().FirstOrDefault(r => r.Key == key) ?? throw new KeyNotFoundException($"The spec has no {typeof(T).Name} '{key}'.");
}
