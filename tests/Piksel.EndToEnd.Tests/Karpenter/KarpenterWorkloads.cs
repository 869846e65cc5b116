using Amazon.EC2;
using Amazon.EC2.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Karpenter;

/// <summary>
/// What the Karpenter tests do to the applied platform: a namespace of their own, Deployments and pods asking for CPUs or
/// GPUs, the nodes and instances Karpenter made for them, and putting the platform back as found (the namespace deleted,
/// the clock moved past the pools' <c>consolidateAfter</c> until Karpenter's nodes are gone).
/// </summary>
internal sealed class KarpenterWorkloads(PlatformFixture fixture, IKubernetes kube, string ns) : IAsyncDisposable
{
    /// <summary>A bound on every wait; never asserted as a duration.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public IKubernetes Kube => kube;

    public string Namespace => ns;

    /// <summary>A fresh namespace <paramref name="prefix"/>-… for one test.</summary>
    public static async Task<KarpenterWorkloads> StartAsync(PlatformFixture fixture, string prefix)
    {
        var kube = await fixture.KubernetesAsync(Ct);
        var ns = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
        return new KarpenterWorkloads(fixture, kube, ns);
    }

    /// <summary>A Deployment of <paramref name="replicas"/> pods, each requesting <paramref name="cpu"/> CPUs and <paramref name="gpus"/> GPUs.</summary>
    public Task DeployAsync(string name, int replicas, string cpu, int gpus = 0, bool toleratesGpu = false) =>
        kube.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } }, Spec = PodSpec(cpu, gpus, toleratesGpu) },
            },
        }, ns, cancellationToken: Ct);

    /// <summary>A bare pod <paramref name="name"/>.</summary>
    public Task PodAsync(string name, string cpu, int gpus = 0, bool toleratesGpu = false) =>
        kube.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = PodSpec(cpu, gpus, toleratesGpu) }, ns, cancellationToken: Ct);

    public Task ScaleAsync(string name, int replicas) =>
        kube.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch(new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["replicas"] = replicas } }.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, cancellationToken: Ct);

    public async Task<IList<V1Pod>> PodsAsync(string app) =>
        (await kube.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"app={app}", cancellationToken: Ct)).Items;

    /// <summary>The events about <paramref name="pod"/>.</summary>
    public async Task<IList<Corev1Event>> EventsOfAsync(string pod) =>
        (await kube.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.name={pod}", cancellationToken: Ct)).Items;

    /// <summary>Karpenter's nodes of <paramref name="pool"/>.</summary>
    public async Task<IList<V1Node>> NodesAsync(string pool) =>
        (await kube.CoreV1.ListNodeAsync(labelSelector: $"karpenter.sh/nodepool={pool}", cancellationToken: Ct)).Items;

    /// <summary>EC2 in the environment's account, as its admin.</summary>
    public async Task<AmazonEC2Client> Ec2Async()
    {
        var (credentials, config) = await fixture.Provider.SdkAsync<AmazonEC2Config>(fixture.Settings.Account, Ct);
        return new AmazonEC2Client(credentials, config);
    }

    /// <summary>The instances (pending or running) tagged for <paramref name="pool"/>.</summary>
    public static async Task<List<Instance>> InstancesAsync(AmazonEC2Client ec2, string pool) =>
        [.. (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("tag:karpenter.sh/nodepool", [pool]), new Filter("instance-state-name", ["pending", "running"])],
        }, Ct)).Reservations?.SelectMany(r => r.Instances) ?? []];

    /// <summary>Polls until <paramref name="probe"/> answers null; fails with its last answer at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<string?>> probe)
    {
        var wrong = await PlatformClients.PollAsync(Deadline, probe, Ct);
        Assert.True(wrong is null, wrong);
    }

    /// <summary>
    /// Moves the clock past <paramref name="after"/> until no Karpenter node of <paramref name="pools"/> is left
    /// (consolidation of empty nodes), then puts the clock back. A node Karpenter first saw empty while the clock was
    /// already moved is due only a further <paramref name="after"/> on: the clock moves again while nodes remain.
    /// </summary>
    public async Task ConsolidateAsync(TimeSpan after, params string[] pools)
    {
        var clock = (IClockControl)fixture.Provider;
        var shifts = new List<IDisposable>();
        try
        {
            shifts.Add(clock.Shift(after + TimeSpan.FromSeconds(1)));
            var lastShift = System.Diagnostics.Stopwatch.StartNew();
            await UntilAsync(async () =>
            {
                var left = new List<string>();
                foreach (var pool in pools) left.AddRange((await NodesAsync(pool)).Select(n => n.Metadata.Name));
                if (left.Count == 0) return null;
                if (lastShift.Elapsed > TimeSpan.FromSeconds(3))
                {
                    shifts.Add(clock.Shift(after));
                    lastShift.Restart();
                }
                return $"{left.Count} nodes of {string.Join("/", pools)} left: {string.Join(", ", left)}";
            });
        }
        finally
        {
            foreach (var shift in shifts) shift.Dispose();
        }
    }

    /// <summary>Deletes the namespace (its pods with it) and lets Karpenter remove the nodes they held.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await kube.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: CancellationToken.None);
            await UntilAsync(async () => (await kube.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: CancellationToken.None)).Items.Count is var n and > 0 ? $"{n} pods left in {ns}" : null);
            if (fixture.Provider is IClockControl)
            {
                await ConsolidateAsync(TimeSpan.FromMinutes(1), "default", "gpu");
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
        finally
        {
            kube.Dispose();
        }
    }

    private static V1PodSpec PodSpec(string cpu, int gpus, bool toleratesGpu)
    {
        var requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("256Mi") };
        if (gpus > 0) requests["nvidia.com/gpu"] = new(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new V1PodSpec
        {
            Containers = [new V1Container { Name = "main", Image = "busybox", Resources = new V1ResourceRequirements { Requests = requests, Limits = gpus > 0 ? new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = requests["nvidia.com/gpu"] } : null } }],
            Tolerations = toleratesGpu ? [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }] : null,
        };
    }
}
