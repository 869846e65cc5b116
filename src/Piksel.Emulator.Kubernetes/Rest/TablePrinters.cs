using System.Globalization;
using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Rest.Tables;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The columns and cells of each kind's Table: those of pkg/printers/internalversion/printers.go for the kinds the
/// platform uses (the other workload kinds in <see cref="WorkloadTablePrinters"/>, storage kinds in
/// <see cref="StorageTablePrinters"/>, Events in <see cref="EventTablePrinters"/>), Name and Created At for the rest
/// (custom resources print their CRD's additionalPrinterColumns: <see cref="Crds.CustomResourceTable"/>).
/// </summary>
internal static class TablePrinters
{
    /// <summary>One row's cells, in the order of the kind's columns.</summary>
    internal delegate IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);

    /// <summary>The printer of <paramref name="kind"/> in <paramref name="group"/>.</summary>
    internal static (IReadOnlyList<Column> Columns, Cells Cells) For(string group, string kind) => (group, kind) switch
    {
        ("", "Pod") => (PodColumns, PodCells),
        ("apps", "Deployment") => (DeploymentColumns, DeploymentCells),
        ("", "Service") => (ServiceColumns, ServiceCells),
        ("", "Namespace") => ([NameColumn, new("Status", "string", "The status of the namespace"), AgeColumn],
            (o, now) => [Name(o), Str(o["status"]?["phase"]) is { Length: > 0 } p ? p : "Active", Age(o, now)]),
        ("", "ConfigMap") => ([NameColumn, new("Data", "integer", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."), AgeColumn],
            (o, now) => [Name(o), Count(o["data"]) + Count(o["binaryData"]), Age(o, now)]),
        ("", "Secret") => ([NameColumn, new("Type", "string", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
                new("Data", "integer", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"), AgeColumn],
            (o, now) => [Name(o), Str(o["type"]) is { Length: > 0 } t ? t : "Opaque", Count(o["data"]), Age(o, now)]),
        ("", "ServiceAccount") => ([NameColumn, new("Secrets", "integer", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". The \"kubernetes.io/enforce-mountable-secrets\" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret"), AgeColumn],
            (o, now) => [Name(o), Count(o["secrets"]), Age(o, now)]),
        ("", "Node") => (NodeColumns, NodeCells),
        ("", "ResourceQuota") => ([NameColumn, new("Age", "string", CreationDescription), new("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
                new("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.")],
            (o, now) => [Name(o), Age(o, now), QuotaColumn(o, limits: false), QuotaColumn(o, limits: true)]),
        _ => WorkloadTablePrinters.For(group, kind) ?? StorageTablePrinters.For(group, kind) ?? EventTablePrinters.For(group, kind) ?? ([NameColumn, new("Created At", "date", CreationDescription)], (o, _) => [Name(o), Str(o["metadata"]?["creationTimestamp"])]),
    };

    /// <summary>printResourceQuota: <c>resource: used/hard</c> per hard resource in name order, the <c>limits.*</c> ones in the Limit column.</summary>
    private static string QuotaColumn(JsonObject quota, bool limits)
    {
        var hard = quota["spec"]?["hard"] as JsonObject ?? [];
        var cells = hard.Select(p => p.Key).Order(StringComparer.Ordinal)
            .Where(k => k.StartsWith("limits.", StringComparison.Ordinal) == limits)
            .Select(k => $"{k}: {OrZero(quota["status"]?["used"]?[k])}/{OrZero(quota["status"]?["hard"]?[k])}");
        return string.Join(", ", cells);
    }

    private static string OrZero(JsonNode? node) => Str(node) is { Length: > 0 } text ? text : "0";

    private static long Count(JsonNode? node) => node switch { JsonObject o => o.Count, JsonArray a => a.Count, _ => 0 };

    private static readonly Column[] PodColumns =
    [
        NameColumn,
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        AgeColumn,
        new("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", Priority: 1),
        new("Node", "string", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", Priority: 1),
        new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", Priority: 1),
        new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", Priority: 1),
    ];

    private static IEnumerable<JsonNode?> PodCells(JsonObject pod, DateTimeOffset now)
    {
        var total = Count(pod["spec"]?["containers"]);
        var reason = Str(pod["status"]?["reason"]) is { Length: > 0 } r ? r : Str(pod["status"]?["phase"]) is { Length: > 0 } p ? p : "Pending";
        long ready = 0, restarts = 0;
        foreach (var status in (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            restarts += Int(status["restartCount"]);
            var st = status["state"];
            if (Str(st?["waiting"]?["reason"]) is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (st?["terminated"] is JsonObject terminated)
            {
                reason = Str(terminated["reason"]) is { Length: > 0 } tr ? tr
                    : Int(terminated["signal"]) != 0 ? $"Signal:{Int(terminated["signal"])}" : $"ExitCode:{Int(terminated["exitCode"])}";
            }
            else if (st?["running"] is not null && status["ready"]?.GetValue<bool>() == true)
            {
                ready++;
            }
        }
        if (pod["metadata"]?["deletionTimestamp"] is not null) reason = Str(pod["status"]?["reason"]) == "NodeLost" ? "Unknown" : "Terminating";
        var gates = pod["spec"]?["readinessGates"] as JsonArray;
        return
        [
            Name(pod), $"{ready}/{total}", reason, restarts.ToString(CultureInfo.InvariantCulture), Age(pod, now),
            Str(pod["status"]?["podIP"]) is { Length: > 0 } ip ? ip : "<none>",
            Str(pod["spec"]?["nodeName"]) is { Length: > 0 } node ? node : "<none>",
            Str(pod["status"]?["nominatedNodeName"]) is { Length: > 0 } nominated ? nominated : "<none>",
            gates is { Count: > 0 } ? $"0/{gates.Count}" : "<none>",
        ];
    }

    private static readonly Column[] DeploymentColumns =
    [
        NameColumn,
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "integer", "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
        new("Available", "integer", "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
        AgeColumn,
        new("Containers", "string", "Names of each container in the template.", Priority: 1),
        new("Images", "string", "Images referenced by each container in the template.", Priority: 1),
        new("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", Priority: 1),
    ];

    private static IEnumerable<JsonNode?> DeploymentCells(JsonObject d, DateTimeOffset now)
    {
        var desired = d["spec"]?["replicas"] is null ? 1 : Int(d["spec"]?["replicas"]);
        var containers = (d["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return
        [
            Name(d), $"{Int(d["status"]?["readyReplicas"])}/{desired}", Int(d["status"]?["updatedReplicas"]), Int(d["status"]?["availableReplicas"]), Age(d, now),
            string.Join(",", containers.Select(c => Str(c["name"]))), string.Join(",", containers.Select(c => Str(c["image"]))),
            Selector(d["spec"]?["selector"]),
        ];
    }

    internal static string Selector(JsonNode? selector)
    {
        var parts = new List<string>();
        foreach (var (k, v) in selector?["matchLabels"] as JsonObject ?? []) parts.Add($"{k}={Str(v)}");
        foreach (var e in (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var values = string.Join(",", (e["values"] as JsonArray ?? []).Select(Str));
            parts.Add(Str(e["operator"]) switch
            {
                "In" => $"{Str(e["key"])} in ({values})",
                "NotIn" => $"{Str(e["key"])} notin ({values})",
                "Exists" => Str(e["key"]),
                _ => $"!{Str(e["key"])}",
            });
        }
        return parts.Count == 0 ? "<none>" : string.Join(",", parts);
    }

    private static readonly Column[] ServiceColumns =
    [
        NameColumn,
        new("Type", "string", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
        new("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
        new("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        new("Port(s)", "string", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        AgeColumn,
        new("Selector", "string", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", Priority: 1),
    ];

    private static IEnumerable<JsonNode?> ServiceCells(JsonObject s, DateTimeOffset now)
    {
        var spec = s["spec"];
        var type = Str(spec?["type"]) is { Length: > 0 } t ? t : "ClusterIP";
        var externalIps = (spec?["externalIPs"] as JsonArray ?? []).Select(Str).ToList();
        var ingress = (s["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(i => Str(i["ip"]) is { Length: > 0 } ip ? ip : Str(i["hostname"])).Where(x => x.Length > 0).ToList();
        var external = type switch
        {
            "ExternalName" => Str(spec?["externalName"]),
            "LoadBalancer" => ingress.Count + externalIps.Count > 0 ? string.Join(",", ingress.Concat(externalIps)) : "<pending>",
            _ => externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>",
        };
        var ports = (spec?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
        {
            var protocol = Str(p["protocol"]) is { Length: > 0 } pr ? pr : "TCP";
            return Int(p["nodePort"]) > 0 ? $"{Int(p["port"])}:{Int(p["nodePort"])}/{protocol}" : $"{Int(p["port"])}/{protocol}";
        }).ToList();
        var selector = (spec?["selector"] as JsonObject ?? []).Select(kv => $"{kv.Key}={Str(kv.Value)}").ToList();
        return
        [
            Name(s), type, Str(spec?["clusterIP"]) is { Length: > 0 } ip2 ? ip2 : "<none>", external,
            ports.Count > 0 ? string.Join(",", ports) : "<none>", Age(s, now), selector.Count > 0 ? string.Join(",", selector) : "<none>",
        ];
    }

    private static readonly Column[] NodeColumns =
    [
        NameColumn,
        new("Status", "string", "The status of the node"),
        new("Roles", "string", "The roles of the node"),
        AgeColumn,
        new("Version", "string", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).", Priority: 1),
        new("External-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).", Priority: 1),
        new("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", Priority: 1),
        new("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", Priority: 1),
        new("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", Priority: 1),
    ];

    private static IEnumerable<JsonNode?> NodeCells(JsonObject n, DateTimeOffset now)
    {
        var ready = (n["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == "Ready");
        var status = Str(ready?["status"]) switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" };
        if (n["spec"]?["unschedulable"]?.GetValue<bool>() == true) status += ",SchedulingDisabled";
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in n["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > 24) roles.Add(key[24..]);
            else if (key == "kubernetes.io/role" && Str(value).Length > 0) roles.Add(Str(value));
        }
        var addresses = (n["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        string Address(string type) => addresses.FirstOrDefault(a => Str(a["type"]) == type) is { } a ? Str(a["address"]) : "<none>";
        var info = n["status"]?["nodeInfo"];
        return
        [
            Name(n), status, roles.Count > 0 ? string.Join(",", roles) : "<none>", Age(n, now), Str(info?["kubeletVersion"]),
            Address("InternalIP"), Address("ExternalIP"), Str(info?["osImage"]) is { Length: > 0 } os ? os : "<unknown>",
            Str(info?["kernelVersion"]) is { Length: > 0 } k ? k : "<unknown>", Str(info?["containerRuntimeVersion"]) is { Length: > 0 } cr ? cr : "<unknown>",
        ];
    }
}
