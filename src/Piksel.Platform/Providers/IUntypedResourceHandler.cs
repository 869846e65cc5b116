using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>The engine's view of a handler: the same operations over <see cref="PlatformResource"/>.</summary>
internal interface IUntypedResourceHandler
{
    Type ResourceType { get; }

    Task<Observed<PlatformResource>?> ReadAsync(PlatformResource desired, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> ApplyAsync(PlatformResource desired, Observed<PlatformResource>? actual, CancellationToken cancellationToken);

    Task DeleteAsync(Observed<PlatformResource> actual, CancellationToken cancellationToken);

    Task<IReadOnlyList<Observed<PlatformResource>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken);
}
