using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using static Piksel.Emulator.Aws.Eks.SystemLayer.Addons.Manifests;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// The <c>coredns</c> add-on: the <c>coredns</c> Deployment (2 replicas, requests 100m/70Mi, limit 170Mi,
/// system-cluster-critical), the <c>kube-dns</c> Service on the service CIDR's .10, its service account, Corefile,
/// RBAC and disruption budget. Configuration values: <c>replicaCount</c>, <c>resources</c>, <c>tolerations</c>,
/// <c>nodeSelector</c>, <c>affinity</c>, <c>podAnnotations</c>, <c>podLabels</c>, <c>corefile</c>, <c>computeType</c>
/// (<c>Fargate</c> drops the <c>eks.amazonaws.com/compute-type: ec2</c> pod annotation that keeps CoreDNS off Fargate).
/// </summary>
public static class CoreDnsAddon
{
    /// <summary>The add-on's name.</summary>
    public const string Name = "coredns";

    /// <summary>The Corefile EKS ships: cluster.local answered from the API, the rest forwarded to the node's resolver.</summary>
    public const string DefaultCorefile = """
        .:53 {
            errors
            health {
                lameduck 5s
              }
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
              pods insecure
              fallthrough in-addr.arpa ip6.arpa
            }
            prometheus :9153
            forward . /etc/resolv.conf
            cache 30
            loop
            reload
            loadbalance
        }

        """;

    /// <summary>The objects, in the order they are applied.</summary>
    public static IReadOnlyList<AddonObject> Build(AddonContext context)
    {
        var labels = Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns"));
        var corefile = context.Value("corefile") is JsonValue c && c.TryGetValue<string>(out var given) && given.Length > 0 ? given : DefaultCorefile;
        return
        [
            ServiceAccount(Name, labels.DeepClone().AsObject(), null),
            ClusterRole("system:coredns", Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns"), ("kubernetes.io/bootstrapping", "rbac-defaults")),
                Rule([""], ["endpoints", "services", "pods", "namespaces"], ["list", "watch"]),
                Rule([""], ["nodes"], ["get"]),
                Rule(["discovery.k8s.io"], ["endpointslices"], ["list", "watch"])),
            ClusterRoleBinding("system:coredns", "system:coredns", Name, Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns"), ("kubernetes.io/bootstrapping", "rbac-defaults"))),
            ConfigMap(Name, labels.DeepClone().AsObject(), ("Corefile", corefile)),
            Service(context),
            Deployment(context),
            Budget(),
        ];
    }

    private static AddonObject Service(AddonContext context)
    {
        var service = Object(BuiltInResources.Services, "kube-dns", KubeSystem,
            Map(("eks.amazonaws.com/component", "kube-dns"), ("k8s-app", "kube-dns"), ("kubernetes.io/cluster-service", "true"), ("kubernetes.io/name", "CoreDNS")),
            Map(("prometheus.io/port", "9153"), ("prometheus.io/scrape", "true")));
        service["spec"] = new JsonObject
        {
            ["clusterIP"] = context.DnsClusterIp,
            ["selector"] = Map(("k8s-app", "kube-dns")),
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "dns", ["port"] = 53, ["protocol"] = "UDP", ["targetPort"] = 53 },
                new JsonObject { ["name"] = "dns-tcp", ["port"] = 53, ["protocol"] = "TCP", ["targetPort"] = 53 },
                new JsonObject { ["name"] = "metrics", ["port"] = 9153, ["protocol"] = "TCP", ["targetPort"] = 9153 }),
        };
        return new(BuiltInResources.Services, KubeSystem, "kube-dns", service);
    }

    private static AddonObject Deployment(AddonContext context)
    {
        var selector = Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns"));
        var podLabels = selector.DeepClone().AsObject();
        if (context.Value("podLabels") is JsonObject extraLabels)
            foreach (var (key, value) in extraLabels) podLabels[key] = value?.DeepClone();
        var resources = context.Value("resources") as JsonObject
            ?? Resources(Map(("cpu", "100m"), ("memory", "70Mi")), Map(("memory", "170Mi")));
        var tolerations = context.Value("tolerations") as JsonArray
            ?? new JsonArray(Toleration("CriticalAddonsOnly", "Exists"), Toleration("node-role.kubernetes.io/control-plane", "Exists", "NoSchedule"));
        var podSpec = new JsonObject
        {
            ["priorityClassName"] = "system-cluster-critical",
            ["serviceAccountName"] = Name,
            ["dnsPolicy"] = "Default",
            ["tolerations"] = tolerations,
            ["affinity"] = context.Value("affinity") as JsonObject ?? NodeAffinityNotIn("auto", "hybrid"),
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "coredns",
                ["image"] = $"{context.Registry}/eks/coredns:{context.Addon.Version}",
                ["args"] = Strings("-conf", "/etc/coredns/Corefile"),
                ["ports"] = new JsonArray(Port("dns", 53, "UDP"), Port("dns-tcp", 53), Port("metrics", 9153)),
                ["resources"] = resources,
                ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config-volume", ["mountPath"] = "/etc/coredns", ["readOnly"] = true }),
            }),
            ["volumes"] = new JsonArray(new JsonObject
            {
                ["name"] = "config-volume",
                ["configMap"] = new JsonObject
                {
                    ["name"] = Name,
                    ["items"] = new JsonArray(new JsonObject { ["key"] = "Corefile", ["path"] = "Corefile" }),
                },
            }),
        };
        if (context.Value("nodeSelector") is JsonObject nodeSelector) podSpec["nodeSelector"] = nodeSelector;
        var template = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = podLabels }, ["spec"] = podSpec };
        var annotations = context.Value("podAnnotations") as JsonObject ?? [];
        // EKS pins CoreDNS to EC2 with this annotation (the Fargate webhook skips such pods) unless computeType is Fargate.
        if (!string.Equals(context.Value("computeType")?.ToString(), "Fargate", StringComparison.OrdinalIgnoreCase)) annotations[ComputeTypeLabel] = "ec2";
        if (annotations.Count > 0) ((JsonObject)template["metadata"]!)["annotations"] = annotations;
        var deployment = Object(BuiltInResources.Deployments, Name, KubeSystem, Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns"), ("kubernetes.io/name", "CoreDNS")));
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = context.Int("replicaCount", 2),
            ["revisionHistoryLimit"] = 10,
            ["selector"] = new JsonObject { ["matchLabels"] = selector },
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = 1 },
            },
            ["template"] = template,
        };
        return new(BuiltInResources.Deployments, KubeSystem, Name, deployment);
    }

    private static AddonObject Budget()
    {
        var type = SystemResources.PodDisruptionBudgets;
        var budget = Object(type, Name, KubeSystem, Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns")));
        budget["spec"] = new JsonObject
        {
            ["maxUnavailable"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = Map(("eks.amazonaws.com/component", "coredns"), ("k8s-app", "kube-dns")) },
        };
        return new(type, KubeSystem, Name, budget);
    }
}
