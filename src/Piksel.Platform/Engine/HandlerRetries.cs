using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Polly;
using Polly.Retry;

namespace Piksel.Platform.Engine;

/// <summary>
/// The Polly pipeline every handler call runs in: exponential backoff (with jitter, honouring a handler's
/// Retry-After) for <see cref="RetryableResourceException"/>; any other error fails at once.
/// </summary>
internal sealed class HandlerRetries
{
    private static readonly ResiliencePropertyKey<ResourceId> ResourceKey = new("piksel.resource");
    private readonly ResiliencePipeline pipeline;

    public HandlerRetries(EngineOptions options, TimeProvider time, Action<ResourceId, int, Exception> onRetry)
    {
        pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RetryableResourceException>(),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                UseJitter = options.RetryJitter,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is RetryableResourceException { RetryAfter: { } after } ? after : null),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(ResourceKey, out var id) && args.Outcome.Exception is { } error)
                    {
                        onRetry(id, args.AttemptNumber + 1, error);
                    }

                    return default;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="call"/> for <paramref name="resource"/> with retries.</summary>
    public async Task<T> RunAsync<T>(ResourceId resource, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(ResourceKey, resource);
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => await state(ctx.CancellationToken),
                context,
                call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Runs <paramref name="call"/> for <paramref name="resource"/> with retries.</summary>
    public Task RunAsync(ResourceId resource, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(
            resource,
            async ct =>
            {
                await call(ct);
                return true;
            },
            cancellationToken);
}
