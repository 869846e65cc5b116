using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Provisioning: collects pods the scheduler found no node for into a batch that closes after 1 s without a new pod
/// or 10 s in all (Karpenter's BATCH_IDLE_DURATION / BATCH_MAX_DURATION, on the cluster's clock), plans them onto
/// NodePools, and for each claim creates the NodeClaim, launches its instance and registers its Node. Pods nominated to
/// a claim are not batched again while it lives.
/// </summary>
internal sealed class Provisioner(ControllerContext context, IKarpenterCloud cloud, EventRecorder events)
{
    /// <summary>A batch closes after this long without a new pod.</summary>
    public static readonly TimeSpan BatchIdle = TimeSpan.FromSeconds(1);

    /// <summary>A batch closes after this long in all.</summary>
    public static readonly TimeSpan BatchMax = TimeSpan.FromSeconds(10);

    /// <summary>How long a pod nominated to a claim waits for the scheduler once the claim's node is up.</summary>
    public static readonly TimeSpan NominationGrace = TimeSpan.FromSeconds(2);

    private readonly IControllerClient client = context.Client;
    private readonly HashSet<string> batch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> nominated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> lastFailure = new(StringComparer.Ordinal);
    private DateTimeOffset batchOpened;
    private DateTimeOffset lastAdded;
    private int launches;

    /// <summary>One pass: grows the batch, and when it closes plans and launches. Returns when the batch is next due.</summary>
    public async Task<DateTimeOffset> PassAsync(IReadOnlyList<StoredObject> readyPools, IReadOnlyDictionary<string, NodeClassResolution> classes, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var pending = client.List(BuiltInResources.Pods, null).Items.Where(IsUnschedulable).ToList();
        // A nomination ends when its claim is gone (its pod may need a new one) or its pod is, or when the claim's node has
        // been up for a moment and the pod is still unschedulable: the scheduler gave the room to another pending pod
        // (it binds whichever it takes first), so this one needs a claim of its own, as Karpenter considers it again
        // once the nominated node is initialized.
        foreach (var (uid, claim) in nominated.ToList())
        {
            var claimObject = client.Get(KarpenterKinds.NodeClaims, "", claim);
            if (claimObject is null || pending.All(p => Uid(p) != uid) && client.List(BuiltInResources.Pods, null).Items.All(p => Uid(p) != uid)
                || pending.Any(p => Uid(p) == uid) && NodeUpSince(claimObject) is { } up && now - up >= NominationGrace)
            {
                nominated.Remove(uid);
            }
        }
        var candidates = pending.Where(p => !nominated.ContainsKey(Uid(p))).ToList();
        batch.IntersectWith(candidates.Select(Uid));
        if (candidates.Count == 0) return DateTimeOffset.MaxValue;
        var added = candidates.Select(Uid).Count(batch.Add);
        if (batch.Count == added) batchOpened = now;
        if (added > 0) lastAdded = now;
        var due = Min(lastAdded + BatchIdle, batchOpened + BatchMax);
        if (now < due) return due;

        batch.Clear();
        var pools = readyPools.Select(p => PoolModel.Of(p.View)).Where(p => classes.ContainsKey(p.NodeClassName)).ToList();
        var overhead = DaemonOverhead(pools);
        // Pods whose bound volumes pin them to zones are planned apart, so a claim serves only pods that agree on its zone;
        // each group sees the claims the ones before it made in the pools' usage.
        var zonesOf = candidates.ToDictionary(Uid, p => VolumeTopology.ZonesOf(client, p), StringComparer.Ordinal);
        foreach (var group in candidates.GroupBy(p => VolumeTopology.Key(zonesOf[Uid(p)]), StringComparer.Ordinal))
        {
            var zones = zonesOf[Uid(group.First())];
            var plan = ProvisioningPlanner.Plan(group.Select(p => p.View), pools, Usage(), overhead);
            var failures = plan.Failures.ToList();
            foreach (var claim in plan.Claims)
            {
                if (await LaunchAsync(claim, readyPools.First(p => p.Name == claim.Pool.Name), classes[claim.Pool.NodeClassName], zones, candidates, cancellationToken) is { } why)
                    failures.AddRange(claim.Pods.Select(p => (p, why)));
            }
            foreach (var (pod, message) in failures)
            {
                var stored = candidates.First(c => Uid(c) == Uid(pod));
                // The same reason is not recorded again for the same pod each batch (the recorder would only count it).
                if (lastFailure.TryGetValue(Uid(pod), out var before) && before == message) continue;
                lastFailure[Uid(pod)] = message;
                await events.RecordAsync(stored, "Warning", "FailedScheduling", message, cancellationToken);
            }
        }
        return DateTimeOffset.MaxValue;
    }

    /// <summary>Creates the claim and launches its instance; returns why its pods cannot be served when no subnet is in a zone their volumes allow.</summary>
    private async Task<string?> LaunchAsync(PlannedClaim claim, StoredObject pool, NodeClassResolution resolution, IReadOnlySet<string>? zones, List<StoredObject> pods, CancellationToken cancellationToken)
    {
        var subnets = zones is null ? resolution.Subnets : [.. resolution.Subnets.Where(s => zones.Contains(s.Zone))];
        if (subnets.Count == 0)
        {
            return $"Failed to schedule pod, incompatible with nodepool \"{claim.Pool.Name}\", no subnet of ec2nodeclass \"{claim.Pool.NodeClassName}\" "
                + $"is in a zone the pod's volumes allow [{string.Join(" ", zones!.Order(StringComparer.Ordinal))}]";
        }
        var poolUid = pool.View["metadata"]?["uid"]?.GetValue<string>() ?? "";
        var created = await client.CreateAsync(KarpenterKinds.NodeClaims, "", NodeObjects.NodeClaim(claim, poolUid), cancellationToken);
        foreach (var pod in claim.Pods)
        {
            nominated[Uid(pod)] = created.Name;
            lastFailure.Remove(Uid(pod));
            await events.RecordAsync(pods.First(p => Uid(p) == Uid(pod)), "Normal", "Nominated", $"Pod should schedule on: nodeclaim/{created.Name}", cancellationToken);
        }
        var nodeClass = client.Get(KarpenterKinds.NodeClasses, "", claim.Pool.NodeClassName);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in nodeClass?.View["spec"]?["tags"] as JsonObject ?? []) tags[key] = value?.GetValue<string>() ?? "";
        var cluster = context.Options.ClusterName;
        tags["karpenter.sh/nodepool"] = claim.Pool.Name;
        tags["karpenter.sh/nodeclaim"] = created.Name;
        tags["karpenter.k8s.aws/ec2nodeclass"] = claim.Pool.NodeClassName;
        tags[$"kubernetes.io/cluster/{cluster}"] = "owned";
        tags["karpenter.sh/discovery"] = cluster;
        tags["eks:eks-cluster-name"] = cluster;
        tags["Name"] = $"{claim.Pool.Name}/{created.Name}";
        // One zone per claim: the subnets (of the zones its pods' volumes allow) in turn, so a pool's nodes spread over the zones.
        var subnet = subnets[launches++ % subnets.Count];
        LaunchedInstance instance;
        ResolvedAmi ami;
        try
        {
            // The node class's AMI whose requirements the type meets: a GPU type boots the nvidia image.
            ami = ResolvedAmi.For(resolution.Amis, claim.InstanceType)
                ?? throw new ProviderException($"no AMI of node class {claim.Pool.NodeClassName} fits instance type {claim.InstanceType.Name}", "AMINotFound");
            instance = await cloud.LaunchAsync(new LaunchRequest(created.Name, claim.Pool.Name, claim.Pool.NodeClassName, claim.InstanceType.Name, claim.CapacityType,
                subnet.Id, [.. resolution.SecurityGroups.Select(g => g.Id)], ami.Id, tags,
                NodeClassLaunch.InstanceProfile(nodeClass?.View), NodeClassLaunch.BlockDevices(nodeClass?.View)), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Karpenter deletes a claim it could not launch; its pods are batched again.
            await events.RecordAsync(created, "Warning", "LaunchFailed", $"creating instance, {e.Message}", cancellationToken);
            await new NodeTermination(client, cloud, events).ReleaseAsync(created, cancellationToken);
            return null;
        }
        var now = context.Time.GetUtcNow();
        var node = NodeObjects.Node(claim, created.Name, instance, context.Options.Region, context.Options.KubernetesVersion, now);
        var kubelet = context.ClientFor(UserInfo.Component("system:node:" + instance.PrivateDnsName, "system:nodes"));
        await kubelet.CreateAsync(BuiltInResources.Nodes, "", node, cancellationToken);
        var time = Kubernetes.Rest.Meta.Timestamp(now);
        JsonObject Condition(string type) => new() { ["type"] = type, ["status"] = "True", ["reason"] = type, ["message"] = "", ["lastTransitionTime"] = time };
        // The zone is known once the instance is: Karpenter labels the claim with it (kubectl's ZONE column).
        created = await client.UpdateAsync(created, o =>
        {
            if (o["metadata"] is JsonObject metadata)
            {
                if (metadata["labels"] is not JsonObject labels) metadata["labels"] = labels = [];
                labels["topology.kubernetes.io/zone"] = instance.Zone;
            }
        }, cancellationToken: cancellationToken);
        await client.UpdateAsync(created, o => o["status"] = new JsonObject
        {
            ["providerID"] = NodeObjects.ProviderId(instance),
            ["nodeName"] = instance.PrivateDnsName,
            ["imageID"] = ami.Id,
            ["capacity"] = NodeObjects.Resources(claim.InstanceType.Capacity),
            ["allocatable"] = NodeObjects.Resources(claim.InstanceType.Allocatable),
            ["conditions"] = new JsonArray(Condition("Launched"), Condition("Registered"), Condition("Initialized"), Condition("Ready")),
        }, "status", cancellationToken);
        return null;
    }

    /// <summary>Each pool's capacity in use: its NodeClaims' instance types (a claim counts from its creation, before its node).</summary>
    private Dictionary<string, IReadOnlyDictionary<string, decimal>> Usage()
    {
        var usage = new Dictionary<string, IReadOnlyDictionary<string, decimal>>(StringComparer.Ordinal);
        foreach (var claim in client.List(KarpenterKinds.NodeClaims, null).Items)
        {
            var pool = claim.Labels.GetValueOrDefault(KarpenterKinds.NodePoolLabel) ?? "";
            if (KarpenterInstanceType.Find(claim.Labels.GetValueOrDefault("node.kubernetes.io/instance-type") ?? "") is not { } type) continue;
            var sum = new Dictionary<string, decimal>(usage.GetValueOrDefault(pool) ?? new Dictionary<string, decimal>(), StringComparer.Ordinal);
            foreach (var (name, value) in type.Capacity) sum[name] = sum.GetValueOrDefault(name) + value;
            usage[pool] = sum;
        }
        return usage;
    }

    /// <summary>Each pool's daemonset overhead: the requests of every DaemonSet whose pods tolerate the pool's taints.</summary>
    private Dictionary<string, IReadOnlyDictionary<string, decimal>> DaemonOverhead(List<PoolModel> pools)
    {
        var overhead = new Dictionary<string, IReadOnlyDictionary<string, decimal>>(StringComparer.Ordinal);
        var daemonSets = client.List(BuiltInResources.DaemonSets, null).Items;
        foreach (var pool in pools)
        {
            var sum = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var ds in daemonSets)
            {
                var template = new JsonObject { ["spec"] = ds.View["spec"]?["template"]?["spec"]?.DeepClone() };
                if (!pool.Taints.Where(t => t.Effect is "NoSchedule" or "NoExecute").All(t => t.IsToleratedBy(Taint.TolerationsOf(template)))) continue;
                foreach (var (name, value) in PodResources.Requests(template)) sum[name] = sum.GetValueOrDefault(name) + value;
                sum["pods"] = sum.GetValueOrDefault("pods") + 1;
            }
            overhead[pool.Name] = sum;
        }
        return overhead;
    }

    /// <summary>When the claim's node registered, or null while it has none.</summary>
    private DateTimeOffset? NodeUpSince(StoredObject claim) =>
        claim.View["status"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } nodeName
        && client.Get(BuiltInResources.Nodes, "", nodeName)?.View["metadata"]?["creationTimestamp"]?.GetValue<string>() is { } created
        && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at : null;

    private static bool IsUnschedulable(StoredObject pod) =>
        !pod.IsDeleting() && pod.View["spec"]?["nodeName"] is null && WorkloadPods.Phase(pod) == "Pending"
        && (pod.View["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Any(c =>
            c["type"]?.GetValue<string>() == "PodScheduled" && c["status"]?.GetValue<string>() == "False" && c["reason"]?.GetValue<string>() == "Unschedulable");

    private static string Uid(StoredObject pod) => Uid(pod.View);

    private static string Uid(JsonObject pod) => pod["metadata"]?["uid"]?.GetValue<string>() ?? "";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
