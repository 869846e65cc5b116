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

/// <summary>Adapts a typed handler to <see cref="IUntypedResourceHandler"/>.</summary>
internal sealed class TypedHandlerAdapter<TResource>(IResourceHandler<TResource> handler) : IUntypedResourceHandler
    where TResource : PlatformResource
{
    public Type ResourceType => typeof(TResource);

    public async Task<Observed<PlatformResource>?> ReadAsync(PlatformResource desired, CancellationToken cancellationToken) =>
        Widen(await handler.ReadAsync((TResource)desired, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyDictionary<string, string>> ApplyAsync(PlatformResource desired, Observed<PlatformResource>? actual, CancellationToken cancellationToken) =>
        handler.ApplyAsync((TResource)desired, Narrow(actual), cancellationToken);

    public Task DeleteAsync(Observed<PlatformResource> actual, CancellationToken cancellationToken) =>
        handler.DeleteAsync(Narrow(actual)!, cancellationToken);

    public async Task<IReadOnlyList<Observed<PlatformResource>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken) =>
        (await handler.ListManagedAsync(environment, isKnown, cancellationToken).ConfigureAwait(false)).Select(o => Widen(o)!).ToArray();

    private static Observed<PlatformResource>? Widen(Observed<TResource>? observed) =>
        observed is null ? null : new Observed<PlatformResource>(observed.State, observed.Outputs);

    private static Observed<TResource>? Narrow(Observed<PlatformResource>? observed) =>
        observed is null ? null : new Observed<TResource>((TResource)observed.State, observed.Outputs);
}
