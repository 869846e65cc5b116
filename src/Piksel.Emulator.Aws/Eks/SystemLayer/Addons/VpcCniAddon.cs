using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using static Piksel.Emulator.Aws.Eks.SystemLayer.Addons.Manifests;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// The <c>vpc-cni</c> add-on: the <c>aws-node</c> DaemonSet (init <c>aws-vpc-cni-init</c>, containers <c>aws-node</c> and
/// <c>aws-eks-nodeagent</c>, host network, tolerates everything, never on Fargate), the <c>aws-node</c> service account
/// annotated with the add-on's IRSA role, its RBAC and the <c>amazon-vpc-cni</c> ConfigMap. Configuration values:
/// <c>env</c> (added to <c>aws-node</c>'s environment), <c>resources</c>, <c>enableNetworkPolicy</c>.
/// </summary>
public static class VpcCniAddon
{
    /// <summary>The add-on's name.</summary>
    public const string Name = "vpc-cni";

    /// <summary>The network policy agent shipped beside the CNI.</summary>
    public const string NodeAgentTag = "v1.2.2-eksbuild.1";

    /// <summary>The objects, in the order they are applied.</summary>
    public static IReadOnlyList<AddonObject> Build(AddonContext context)
    {
        var labels = Map(("app.kubernetes.io/instance", "aws-vpc-cni"), ("app.kubernetes.io/name", "aws-node"), ("app.kubernetes.io/version", context.UpstreamVersion), ("k8s-app", "aws-node"));
        var networkPolicy = context.Bool("enableNetworkPolicy", false) ? "true" : "false";
        return
        [
            ServiceAccount("aws-node", labels.DeepClone().AsObject(), context.Addon.ServiceAccountRoleArn),
            ClusterRole("aws-node", labels.DeepClone().AsObject(),
                Rule(["crd.k8s.amazonaws.com"], ["eniconfigs"], ["list", "watch", "get"]),
                Rule([""], ["namespaces", "pods"], ["list", "watch", "get"]),
                Rule([""], ["nodes"], ["list", "watch", "get"]),
                Rule([""], ["events"], ["create", "patch", "list"]),
                Rule(["networking.k8s.aws"], ["policyendpoints"], ["get", "list", "watch"]),
                Rule(["vpcresources.k8s.aws"], ["cninodes"], ["get", "list", "watch", "patch"])),
            ClusterRoleBinding("aws-node", "aws-node", "aws-node", labels.DeepClone().AsObject()),
            ConfigMap("amazon-vpc-cni", labels.DeepClone().AsObject(),
                ("branch-eni-cooldown", "60"), ("enable-network-policy-controller", networkPolicy),
                ("enable-windows-ipam", "false"), ("enable-windows-prefix-delegation", "false"),
                ("minimum-ip-target", "3"), ("warm-ip-target", "1"), ("warm-prefix-target", "0")),
            DaemonSet(context, labels, networkPolicy),
        ];
    }

    private static AddonObject DaemonSet(AddonContext context, JsonObject labels, string networkPolicy)
    {
        var env = Env(
            ("ADDITIONAL_ENI_TAGS", "{}"), ("AWS_VPC_CNI_NODE_PORT_SUPPORT", "true"), ("AWS_VPC_ENI_MTU", "9001"),
            ("AWS_VPC_K8S_CNI_EXTERNALSNAT", "false"), ("AWS_VPC_K8S_CNI_LOGLEVEL", "DEBUG"), ("AWS_VPC_K8S_CNI_VETHPREFIX", "eni"),
            ("CLUSTER_NAME", context.Cluster.ClusterName), ("ENABLE_IPv4", "true"), ("ENABLE_IPv6", "false"),
            ("ENABLE_PREFIX_DELEGATION", "false"), ("NETWORK_POLICY_ENFORCING_MODE", "standard"), ("VPC_CNI_VERSION", context.UpstreamVersion),
            ("WARM_ENI_TARGET", "1"));
        if (context.Value("env") is JsonObject extra)
        {
            foreach (var (name, value) in extra)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) continue;
                var present = env.OfType<JsonObject>().FirstOrDefault(e => e["name"]?.GetValue<string>() == name);
                if (present is not null) present["value"] = text;
                else env.Add(new JsonObject { ["name"] = name, ["value"] = text });
            }
        }
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = Map(("app.kubernetes.io/instance", "aws-vpc-cni"), ("app.kubernetes.io/name", "aws-node"), ("k8s-app", "aws-node")) },
            ["spec"] = new JsonObject
            {
                ["priorityClassName"] = "system-node-critical",
                ["hostNetwork"] = true,
                ["serviceAccountName"] = "aws-node",
                ["terminationGracePeriodSeconds"] = 10,
                ["tolerations"] = new JsonArray(Toleration(null, "Exists")),
                ["affinity"] = NodeAffinityNotIn("fargate", "hybrid", "auto"),
                ["initContainers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "aws-vpc-cni-init",
                    ["image"] = $"{context.Registry}/amazon-k8s-cni-init:{context.Addon.Version}",
                    ["env"] = Env(("DISABLE_TCP_EARLY_DEMUX", "false"), ("ENABLE_IPv6", "false")),
                    ["resources"] = Resources(Map(("cpu", "25m")), null),
                    ["securityContext"] = new JsonObject { ["privileged"] = true },
                }),
                ["containers"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "aws-node",
                        ["image"] = $"{context.Registry}/amazon-k8s-cni:{context.Addon.Version}",
                        ["env"] = env,
                        ["ports"] = new JsonArray(Port("metrics", 61678)),
                        ["resources"] = context.Value("resources") as JsonObject ?? Resources(Map(("cpu", "25m")), null),
                        ["securityContext"] = new JsonObject { ["capabilities"] = new JsonObject { ["add"] = Strings("NET_ADMIN", "NET_RAW") } },
                    },
                    new JsonObject
                    {
                        ["name"] = "aws-eks-nodeagent",
                        ["image"] = $"{context.Registry}/amazon/aws-network-policy-agent:{NodeAgentTag}",
                        ["args"] = Strings("--enable-ipv6=false", $"--enable-network-policy={networkPolicy}", "--enable-cloudwatch-logs=false",
                            "--enable-policy-event-logs=false", "--log-file=/var/log/aws-routed-eni/network-policy-agent.log", "--metrics-bind-addr=:8162", "--health-probe-bind-addr=:8163", "--conntrack-cache-cleanup-period=300"),
                        ["resources"] = Resources(Map(("cpu", "25m")), null),
                        ["securityContext"] = new JsonObject { ["privileged"] = true, ["capabilities"] = new JsonObject { ["add"] = Strings("NET_ADMIN") } },
                    }),
            },
        };
        var daemonSet = Object(BuiltInResources.DaemonSets, "aws-node", KubeSystem, labels);
        daemonSet["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = Map(("k8s-app", "aws-node")) },
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "10%" } },
            ["template"] = template,
        };
        return new(BuiltInResources.DaemonSets, KubeSystem, "aws-node", daemonSet);
    }
}
