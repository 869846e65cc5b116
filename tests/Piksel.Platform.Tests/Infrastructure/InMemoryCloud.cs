using System.Collections.Concurrent;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>
/// What the in-memory provider's handlers "provision": resources by id, with call records, fault injection and a
/// concurrency gauge, so the engine's own logic can be tested without AWS or Kubernetes.
/// </summary>
internal sealed class InMemoryCloud
{
    private int inFlight;

    public ConcurrentDictionary<ResourceId, Observed<PlatformResource>> Resources { get; } = new();

    /// <summary>Generated secret values by secret id (what Secrets Manager would hold).</summary>
    public ConcurrentDictionary<ResourceId, string> GeneratedValues { get; } = new();

    public ConcurrentQueue<(string Operation, ResourceId Id)> Calls { get; } = new();

    /// <summary>Retryable failures still to throw, by id.</summary>
    public ConcurrentDictionary<ResourceId, int> RetryableFailures { get; } = new();

    /// <summary>Permanent failures by id.</summary>
    public ConcurrentDictionary<ResourceId, Exception> Failures { get; } = new();

    public int MaxInFlight { get; private set; }

    public TimeSpan CallDelay { get; set; } = TimeSpan.Zero;

    public IEnumerable<ResourceId> Ops(string operation) => Calls.Where(c => c.Operation == operation).Select(c => c.Id);

    public async Task EnterAsync(string operation, ResourceId id, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref inFlight);
        lock (Calls)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        try
        {
            Calls.Enqueue((operation, id));
            if (CallDelay > TimeSpan.Zero)
            {
                await Task.Delay(CallDelay, cancellationToken);
            }

            if (Failures.TryGetValue(id, out var failure) && operation != "read")
            {
                throw failure;
            }

            if (operation != "read" && RetryableFailures.TryGetValue(id, out var left) && left > 0)
            {
                RetryableFailures[id] = left - 1;
                throw new RetryableResourceException($"{id} is throttled") { RetryAfter = TimeSpan.Zero };
            }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public static bool IsManaged(PlatformResource resource, string environment) => resource switch
    {
        AwsResource aws => ManagementTags.AreManaged(aws.Tags, environment),
        KubernetesResource k8s => ManagementTags.AreManagedLabels(k8s.Labels, environment),
        _ => false,
    };
}
