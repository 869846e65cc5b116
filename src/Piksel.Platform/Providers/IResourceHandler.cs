using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>
/// Makes one resource kind real. The engine reads actual state through it, diffs that against the desired state
/// itself, and calls <see cref="ApplyAsync"/> or <see cref="DeleteAsync"/> for what differs. Throw
/// <see cref="RetryableResourceException"/> for throttling and eventual consistency; the engine retries it.
/// Never put a secret value in an exception message.
/// </summary>
/// <typeparam name="TResource">The resource kind.</typeparam>
public interface IResourceHandler<TResource>
    where TResource : PlatformResource
{
    /// <summary>
    /// The actual state of the resource <paramref name="desired"/> names, as a record of the same kind (same
    /// name and key), with its outputs; null when it does not exist. Attributes the API cannot show (a generated
    /// secret's rules) are copied from <paramref name="desired"/>.
    /// </summary>
    Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the resource (<paramref name="actual"/> null) or brings it to <paramref name="desired"/>, and returns its
    /// outputs. Must be idempotent: it may be retried after a partial success.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken);

    /// <summary>Deletes the resource; a resource already gone is not an error.</summary>
    Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken);

    /// <summary>
    /// Every resource of this kind that carries the environment's management tags or labels, so resources the spec
    /// no longer lists are found and destroyed.
    /// </summary>
    Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ListManagedAsync(string, CancellationToken)"/>, but the resources <paramref name="isKnown"/>
    /// answers true for (the spec's, which the plan reads anyway) may be left out, so a handler that reads each
    /// listed resource in full can skip those reads. The default lists everything.
    /// </summary>
    Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, cancellationToken);
}
