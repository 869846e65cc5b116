using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using static Piksel.Emulator.Aws.Eks.SystemLayer.Addons.Manifests;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// The <c>kube-proxy</c> add-on: the <c>kube-proxy</c> DaemonSet (host network, system-node-critical, never on
/// Fargate), its ConfigMaps <c>kube-proxy</c> (kubeconfig) and <c>kube-proxy-config</c> and its service account.
/// Configuration values: <c>resources</c>, <c>mode</c> (<c>iptables</c> or <c>ipvs</c>), <c>podAnnotations</c>.
/// </summary>
public static class KubeProxyAddon
{
    /// <summary>The add-on's name.</summary>
    public const string Name = "kube-proxy";

    /// <summary>The objects, in the order they are applied.</summary>
    public static IReadOnlyList<AddonObject> Build(AddonContext context)
    {
        var labels = Map(("eks.amazonaws.com/component", "kube-proxy"), ("k8s-app", "kube-proxy"));
        var mode = context.Value("mode") is JsonValue m && m.TryGetValue<string>(out var given) && given is "ipvs" or "iptables" ? given : "iptables";
        var kubeconfig = $"""
            kind: Config
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                server: https://{context.Cluster.ClusterName}.eks.{context.Cluster.Region}.amazonaws.com
              name: default
            contexts:
            - context:
                cluster: default
                namespace: default
                user: default
              name: default
            current-context: default
            users:
            - name: default
              user:
                tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token

            """;
        var config = $"""
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            bindAddress: 0.0.0.0
            clientConnection:
              kubeconfig: /var/lib/kube-proxy/kubeconfig
              qps: 5
            clusterCIDR: ""
            conntrack:
              maxPerCore: 32768
              min: 131072
            kind: KubeProxyConfiguration
            metricsBindAddress: 0.0.0.0:10249
            mode: "{mode}"

            """;
        return
        [
            ServiceAccount(Name, labels.DeepClone().AsObject(), null),
            ConfigMap("kube-proxy", labels.DeepClone().AsObject(), ("kubeconfig", kubeconfig)),
            ConfigMap("kube-proxy-config", labels.DeepClone().AsObject(), ("config", config)),
            DaemonSet(context, labels),
        ];
    }

    /// <summary>The image tag: EKS ships kube-proxy's <c>minimal</c> build (<c>v1.33.5-eksbuild.2</c> → <c>v1.33.5-minimal-eksbuild.2</c>).</summary>
    public static string ImageTag(string version) =>
        version.Contains("-eksbuild", StringComparison.Ordinal) ? version.Replace("-eksbuild", "-minimal-eksbuild", StringComparison.Ordinal) : version;

    private static AddonObject DaemonSet(AddonContext context, JsonObject labels)
    {
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = Map(("k8s-app", "kube-proxy")) },
            ["spec"] = new JsonObject
            {
                ["priorityClassName"] = "system-node-critical",
                ["hostNetwork"] = true,
                ["serviceAccountName"] = Name,
                ["tolerations"] = new JsonArray(Toleration(null, "Exists")),
                ["affinity"] = NodeAffinityNotIn("fargate", "auto", "hybrid"),
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kube-proxy",
                    ["image"] = $"{context.Registry}/eks/kube-proxy:{ImageTag(context.Addon.Version)}",
                    ["command"] = Strings("kube-proxy", "--v=2", "--config=/var/lib/kube-proxy-config/config", "--hostname-override=$(NODE_NAME)"),
                    ["env"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "NODE_NAME",
                        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "spec.nodeName" } },
                    }),
                    ["resources"] = context.Value("resources") as JsonObject ?? Resources(Map(("cpu", "100m")), null),
                    ["securityContext"] = new JsonObject { ["privileged"] = true },
                    ["volumeMounts"] = new JsonArray(
                        new JsonObject { ["name"] = "varlog", ["mountPath"] = "/var/log" },
                        new JsonObject { ["name"] = "xtables-lock", ["mountPath"] = "/run/xtables.lock" },
                        new JsonObject { ["name"] = "lib-modules", ["mountPath"] = "/lib/modules", ["readOnly"] = true },
                        new JsonObject { ["name"] = "kubeconfig", ["mountPath"] = "/var/lib/kube-proxy/" },
                        new JsonObject { ["name"] = "config", ["mountPath"] = "/var/lib/kube-proxy-config/" }),
                }),
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "varlog", ["hostPath"] = new JsonObject { ["path"] = "/var/log" } },
                    new JsonObject { ["name"] = "xtables-lock", ["hostPath"] = new JsonObject { ["path"] = "/run/xtables.lock", ["type"] = "FileOrCreate" } },
                    new JsonObject { ["name"] = "lib-modules", ["hostPath"] = new JsonObject { ["path"] = "/lib/modules" } },
                    new JsonObject { ["name"] = "kubeconfig", ["configMap"] = new JsonObject { ["name"] = "kube-proxy" } },
                    new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "kube-proxy-config" } }),
            },
        };
        if (context.Value("podAnnotations") is JsonObject annotations) ((JsonObject)template["metadata"]!)["annotations"] = annotations;
        var daemonSet = Object(BuiltInResources.DaemonSets, Name, KubeSystem, labels);
        daemonSet["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = Map(("k8s-app", "kube-proxy")) },
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "10%" } },
            ["template"] = template,
        };
        return new(BuiltInResources.DaemonSets, KubeSystem, Name, daemonSet);
    }
}
