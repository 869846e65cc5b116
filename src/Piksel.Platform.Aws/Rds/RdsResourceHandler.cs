using System.Diagnostics;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// What the RDS handlers share: the <see cref="RdsClient"/>, tags converged with AddTagsToResource and
/// RemoveTagsFromResource, and waiting for a state within <see cref="StateWait"/> per attempt (past it the engine
/// retries, so an instance that takes RDS's usual 10–20 minutes to create is waited for, not failed).
/// </summary>
/// <typeparam name="TResource">The resource kind.</typeparam>
/// <param name="context">The handlers' shared context.</param>
public abstract class RdsResourceHandler<TResource>(AwsHandlerContext context) : AwsResourceHandler<TResource, RdsClient>(context)
    where TResource : AwsResource
{
    /// <summary>How long one Apply or Delete waits for a state before handing back to the engine's retries. Default: 15 minutes.</summary>
    public TimeSpan StateWait { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest pause between two polls of a state (the first come sooner). Default: 10 seconds.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FastPolling = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FastPollCap = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    protected override RdsClient CreateClient(AwsClientOptions options) => new(options);

    /// <summary>False while a name or id the resource is made from is still an unresolved reference.</summary>
    protected static bool Resolved(params IEnumerable<string?> values) => values.All(v => v is null || !OutputRef.HasTokens(v));

    /// <summary>Brings the tags of <paramref name="arn"/> from <paramref name="actual"/> to <paramref name="desired"/>.</summary>
    protected static async Task ConvergeTagsAsync(
        RdsClient rds, string arn, IReadOnlyDictionary<string, string> actual, IReadOnlyDictionary<string, string> desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rds);
        var (set, remove) = Canonical.TagChanges(actual, desired);
        if (set.Count > 0)
        {
            await rds.AddTagsToResourceAsync(arn, set.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await rds.RemoveTagsFromResourceAsync(arn, remove, cancellationToken);
        }
    }

    /// <summary>
    /// Polls <paramref name="poll"/> until it answers a value, at most <see cref="StateWait"/>; past it a retryable
    /// error saying <paramref name="stillWaiting"/> and the last state <paramref name="poll"/> reported.
    /// </summary>
    protected async Task<T> WaitAsync<T>(Func<Task<(T? Done, string State)>> poll, string stillWaiting, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(poll);
        var state = "unknown";
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StateWait);
        var delay = TimeSpan.FromMilliseconds(50);
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                var (done, now) = await poll();
                state = now;
                if (done is not null)
                {
                    return done;
                }

                await Task.Delay(delay, budget.Token);
                // Close polls for the first minute (an emulator or a quick change is done in seconds; doubling to 10 s
                // would idle up to half the wait), then every PollInterval, which suits RDS's minutes.
                var cap = Stopwatch.GetElapsedTime(started) < FastPolling ? TimeSpan.FromTicks(Math.Min(FastPollCap.Ticks, PollInterval.Ticks)) : PollInterval;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, cap.Ticks));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RetryableResourceException($"{stillWaiting} (status {state}).");
        }
    }
}
