namespace Piksel.Platform.Spec;

/// <summary>Resources depend on each other in a circle; the message names the circle.</summary>
public sealed class DependencyCycleException(IReadOnlyList<ResourceId> cycle)
    : InvalidOperationException($"Dependency cycle: {string.Join(" -> ", cycle)}. Break it by removing one of these dependencies.")
{
    /// <summary>The resources of the cycle, the first repeated at the end.</summary>
    public IReadOnlyList<ResourceId> Cycle { get; } = cycle;
}
