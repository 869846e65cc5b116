using System.Collections.Concurrent;
using System.Globalization;
using Piksel.Emulator.Aws.Eks.Karpenter;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>
/// A test double of Karpenter's AWS side: two private subnets and a security group tagged for discovery, the AL2023
/// AMIs, instances kept in memory with their tags, and a queue the test puts interruption messages on.
/// </summary>
internal sealed class InMemoryKarpenterCloud : IKarpenterCloud
{
    private readonly ConcurrentQueue<QueueMessage> queue = new();
    private int next;

    /// <summary>Launched instances by id, with their request; removed ones are kept with <c>Terminated</c> set.</summary>
    public ConcurrentDictionary<string, (LaunchRequest Request, LaunchedInstance Instance, bool Terminated)> Instances { get; } = new();

    /// <summary>Receipt handles of the messages deleted.</summary>
    public ConcurrentBag<string> Deleted { get; } = [];

    /// <summary>The AMIs an AL2023 alias resolves to: standard x86_64 and arm64, and the x86_64 nvidia image.</summary>
    public static IReadOnlyList<ResolvedAmi> Al2023 { get; } =
    [
        ResolvedAmi.Al2023("ami-0123456789abcdef0", "amazon-eks-node-al2023-x86_64-standard-1.33", "x86_64", "standard"),
        ResolvedAmi.Al2023("ami-0a1b2c3d4e5f60718", "amazon-eks-node-al2023-arm64-standard-1.33", "arm64", "standard"),
        ResolvedAmi.Al2023("ami-0fedcba9876543210", "amazon-eks-node-al2023-x86_64-nvidia-1.33", "x86_64", "nvidia"),
    ];

    public Task<NodeClassResolution> ResolveNodeClassAsync(NodeClassSelectors selectors, CancellationToken cancellationToken)
    {
        // Only what the platform tags: a selector for another cluster finds nothing.
        var found = selectors.SubnetTags.Any(t => t.GetValueOrDefault("karpenter.sh/discovery") == "piksel");
        return Task.FromResult(new NodeClassResolution(
            found ? [("subnet-0a1", "ap-southeast-3a"), ("subnet-0b2", "ap-southeast-3b")] : [],
            found ? [("sg-0c3", "eks-cluster-sg-piksel")] : [],
            selectors.AmiAlias.StartsWith("al2023@", StringComparison.Ordinal) ? Al2023 : []));
    }

    public Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref next);
        var zone = request.SubnetId == "subnet-0a1" ? "ap-southeast-3a" : "ap-southeast-3b";
        var ip = string.Create(CultureInfo.InvariantCulture, $"10.0.{64 + n / 250}.{n % 250 + 4}");
        var instance = new LaunchedInstance(string.Create(CultureInfo.InvariantCulture, $"i-{n:x17}"), zone,
            $"ip-{ip.Replace('.', '-')}.ap-southeast-3.compute.internal", ip);
        Instances[instance.InstanceId] = (request, instance, false);
        return Task.FromResult(instance);
    }

    public Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (Instances.TryGetValue(instanceId, out var entry)) Instances[instanceId] = entry with { Terminated = true };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveInterruptionsAsync(CancellationToken cancellationToken)
    {
        var messages = new List<QueueMessage>();
        while (messages.Count < 10 && queue.TryDequeue(out var m)) messages.Add(m);
        return Task.FromResult<IReadOnlyList<QueueMessage>>(messages);
    }

    public Task DeleteInterruptionAsync(string receiptHandle, CancellationToken cancellationToken)
    {
        Deleted.Add(receiptHandle);
        return Task.CompletedTask;
    }

    /// <summary>Puts an EventBridge envelope on the queue.</summary>
    public string Send(string body)
    {
        var handle = Guid.NewGuid().ToString("N");
        queue.Enqueue(new QueueMessage(handle, body));
        return handle;
    }

    /// <summary>The instances still running.</summary>
    public IReadOnlyList<(LaunchRequest Request, LaunchedInstance Instance)> Running =>
        [.. Instances.Values.Where(i => !i.Terminated).Select(i => (i.Request, i.Instance))];
}
