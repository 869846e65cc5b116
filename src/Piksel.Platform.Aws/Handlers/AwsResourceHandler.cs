using Amazon.Runtime;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// What the AWS resource handlers share, so each says only how to read, apply, delete and list its own kind: the
/// kind's client for the resource's account and region (made once and kept by <see cref="AwsHandlerContext"/>),
/// AWS's throttling and transient errors turned into <see cref="RetryableResourceException"/> around every
/// operation, and <c>ListManaged</c> over every managed account (the environment's own, its hub…) keeping only what
/// carries the environment's <see cref="ManagementTags"/>.
/// </summary>
/// <typeparam name="TResource">The resource kind.</typeparam>
/// <typeparam name="TClient">The AWS API client the kind is handled through.</typeparam>
/// <param name="context">The handlers' shared context.</param>
public abstract class AwsResourceHandler<TResource, TClient>(AwsHandlerContext context) : IResourceHandler<TResource>
    where TResource : AwsResource
    where TClient : class, IDisposable
{
    /// <summary>The handlers' shared context.</summary>
    protected AwsHandlerContext Context { get; } = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The kind as messages name it (<c>role</c>, <c>OIDC provider</c>).</summary>
    protected abstract string Noun { get; }

    /// <summary>The kind as messages name several (<c>roles</c>). Default: <see cref="Noun"/> with an <c>s</c>.</summary>
    protected virtual string PluralNoun => Noun + "s";

    /// <inheritdoc />
    public async Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (!CanExist(desired))
        {
            return null;
        }

        var client = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Reading {Noun} {desired.Name}", () => ReadAsync(client, desired, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Applying {Noun} {desired.Name}", () => ApplyAsync(client, desired, cancellationToken));
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var client = await ClientAsync(actual.State.Account, actual.State.Region, cancellationToken);
        await AwsErrors.Guard($"Deleting {Noun} {actual.State.Name}", () => DeleteAsync(client, actual, cancellationToken));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, _ => false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isKnown);
        var found = new List<Observed<TResource>>();
        foreach (var account in Context.ManagedAccounts)
        {
            var client = await ClientAsync(account, null, cancellationToken);
            await AwsErrors.Guard($"Listing {PluralNoun}", async () =>
            {
                await foreach (var listed in ListAsync(client, account, environment, cancellationToken))
                {
                    // The listing's tags spare reading what is not ours, or is in the spec (the plan reads that anyway);
                    // what is read must still be ours (an S3 object is listed with its bucket's tags, read with its own).
                    if (ManagementTags.AreManaged(listed.Tags, environment) && !isKnown(listed.Stub.Id)
                        && await listed.ObserveAsync() is { } observed && ManagementTags.AreManaged(observed.State.Tags, environment))
                    {
                        found.Add(observed);
                    }
                }
            });
        }

        return found;
    }

    /// <summary>Makes the kind's client; called once per account, region and credentials (the context keeps it).</summary>
    protected abstract TClient CreateClient(AwsClientOptions options);

    /// <summary>
    /// False while the resource cannot exist yet because what it is found by is an output of a resource not created
    /// yet (Read then reports it absent without asking AWS). Default: true.
    /// </summary>
    protected virtual bool CanExist(TResource desired) => true;

    /// <summary>The resource as AWS has it, or null when absent.</summary>
    protected abstract Task<Observed<TResource>?> ReadAsync(TClient client, TResource desired, CancellationToken cancellationToken);

    /// <summary>Creates the resource or brings it to <paramref name="desired"/> from what AWS has now; returns its outputs. Idempotent.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> ApplyAsync(TClient client, TResource desired, CancellationToken cancellationToken);

    /// <summary>Deletes the resource; one already gone is not an error.</summary>
    protected abstract Task DeleteAsync(TClient client, Observed<TResource> actual, CancellationToken cancellationToken);

    /// <summary>
    /// The kind's resources in <paramref name="account"/>, each with the tags that say whether it is the environment's
    /// and how to read it in full. The base keeps the managed ones; <paramref name="environment"/> is for kinds that
    /// look inside other resources (objects in the environment's buckets only).
    /// </summary>
    protected abstract IAsyncEnumerable<Listed> ListAsync(TClient client, string account, string environment, CancellationToken cancellationToken);

    /// <summary>The kind's client for <paramref name="account"/> in <paramref name="region"/> (the environment's region when null).</summary>
    protected Task<TClient> ClientAsync(string account, string? region, CancellationToken cancellationToken) =>
        Context.ClientAsync(this, account, region, CreateClient, cancellationToken);

    /// <summary>An AWSSDK client config for <paramref name="options"/>' region at the provider's endpoint.</summary>
    protected TConfig SdkConfig<TConfig>(AwsClientOptions options)
        where TConfig : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        return AwsHandlerContext.SdkConfigFor<TConfig>(Context.Access, options.Region);
    }

    /// <summary>
    /// Creates the resource and reads it back. A create AWS refuses with one of <paramref name="alreadyExists"/> was
    /// made by an earlier attempt that failed later, so it converges from there; a resource not visible yet after
    /// creation is retryable.
    /// </summary>
    protected async Task<T> CreateAndReadBackAsync<T>(TResource desired, Func<Task> create, Func<Task<T?>> read, params string[] alreadyExists)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            await create();
        }
        catch (Exception e) when (AwsErrors.Is(e, alreadyExists))
        {
            // Created by an earlier attempt; converge from what is there.
        }

        return await read()
            ?? throw new RetryableResourceException($"{char.ToUpperInvariant(Noun[0])}{Noun[1..]} {desired.Name} not yet visible after creation.");
    }

    /// <summary>The answer of <paramref name="call"/>, or null when AWS answers one of <paramref name="absent"/>.</summary>
    protected static async Task<T?> OrNullAsync<T>(Func<Task<T>> call, params string[] absent)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception e) when (AwsErrors.Is(e, absent))
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="call"/>; AWS answering one of <paramref name="absent"/> means already gone, not an error.</summary>
    protected static async Task IgnoringAbsentAsync(Func<Task> call, params string[] absent)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
        }
        catch (Exception e) when (AwsErrors.Is(e, absent))
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Runs <paramref name="wait"/> for at most <paramref name="budget"/>; past it (the caller's token not cancelled) a
    /// retryable error saying <paramref name="stillWaiting"/>, so a slow service is waited for by the engine's retries.
    /// </summary>
    protected static async Task<T> WithinAsync<T>(TimeSpan budget, Func<CancellationToken, Task<T>> wait, string stillWaiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wait);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(budget);
        try
        {
            return await wait(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RetryableResourceException(stillWaiting);
        }
    }

    /// <summary>One resource a listing found.</summary>
    /// <param name="Stub">The resource as far as the listing knows it (its id decides whether the spec holds it).</param>
    /// <param name="Tags">The tags that say whether it is the environment's.</param>
    /// <param name="ObserveAsync">Reads it in full; null when it is gone meanwhile.</param>
    protected sealed record Listed(TResource Stub, IReadOnlyDictionary<string, string> Tags, Func<Task<Observed<TResource>?>> ObserveAsync);
}
