using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>The handlers of a provider, one per resource kind.</summary>
public sealed class ResourceHandlerRegistry
{
    private readonly Dictionary<Type, IUntypedResourceHandler> handlers = [];

    /// <summary>Registers the handler of <typeparamref name="TResource"/>; returns the registry.</summary>
    public ResourceHandlerRegistry Add<TResource>(IResourceHandler<TResource> handler)
        where TResource : PlatformResource
    {
        if (!handlers.TryAdd(typeof(TResource), new TypedHandlerAdapter<TResource>(handler)))
        {
            throw new InvalidOperationException($"A handler for {typeof(TResource).Name} is already registered.");
        }

        return this;
    }

    /// <summary>True when a handler for the kind is registered.</summary>
    public bool Handles(Type resourceType) => handlers.ContainsKey(resourceType);

    internal IEnumerable<IUntypedResourceHandler> All => handlers.Values;

    internal IUntypedResourceHandler For(PlatformResource resource, ProviderKind provider) =>
        handlers.TryGetValue(resource.GetType(), out var handler)
            ? handler
            : throw new InvalidOperationException(
                $"The {provider.ToString().ToLowerInvariant()} provider has no handler for {resource.Kind} (needed for {resource.Id}).");
}
