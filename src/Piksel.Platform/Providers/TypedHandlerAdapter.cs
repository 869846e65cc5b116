using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>Adapts a typed handler to <see cref="IUntypedResourceHandler"/>.</summary>
internal sealed class TypedHandlerAdapter<TResource>(IResourceHandler<TResource> handler) : IUntypedResourceHandler
    where TResource : PlatformResource
{
    public Type ResourceType => typeof(TResource);

    public async Task<Observed<PlatformResource>?> ReadAsync(PlatformResource desired, CancellationToken cancellationToken) =>
        Widen(await handler.ReadAsync((TResource)desired, cancellationToken));

    public Task<IReadOnlyDictionary<string, string>> ApplyAsync(PlatformResource desired, Observed<PlatformResource>? actual, CancellationToken cancellationToken) =>
        handler.ApplyAsync((TResource)desired, Narrow(actual), cancellationToken);

    public Task DeleteAsync(Observed<PlatformResource> actual, CancellationToken cancellationToken) =>
        handler.DeleteAsync(Narrow(actual)!, cancellationToken);

    public async Task<IReadOnlyList<Observed<PlatformResource>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken) =>
        (await handler.ListManagedAsync(environment, isKnown, cancellationToken)).Select(o => Widen(o)!).ToArray();

    private static Observed<PlatformResource>? Widen(Observed<TResource>? observed) =>
        observed is null ? null : new Observed<PlatformResource>(observed.State, observed.Outputs);

    private static Observed<TResource>? Narrow(Observed<PlatformResource>? observed) =>
        observed is null ? null : new Observed<TResource>((TResource)observed.State, observed.Outputs);
}
