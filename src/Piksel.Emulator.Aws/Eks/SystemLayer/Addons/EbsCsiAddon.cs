using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using static Piksel.Emulator.Aws.Eks.SystemLayer.Addons.Manifests;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>
/// The <c>aws-ebs-csi-driver</c> add-on: the <c>ebs-csi-controller</c> Deployment (2 replicas, service account
/// <c>ebs-csi-controller-sa</c> with the add-on's IRSA role, system-cluster-critical, the CSI sidecars), the
/// <c>ebs-csi-node</c> DaemonSet (system-node-critical, tolerates everything, never on Fargate), the CSIDriver
/// <c>ebs.csi.aws.com</c> and the controller's disruption budget. Configuration values: <c>controller.replicaCount</c>,
/// <c>controller.tolerations</c>, <c>controller.nodeSelector</c>, <c>controller.resources</c>,
/// <c>defaultStorageClass.enabled</c> (adds the default <c>ebs-csi-default-sc</c> StorageClass).
/// </summary>
public static class EbsCsiAddon
{
    /// <summary>The add-on's name.</summary>
    public const string Name = "aws-ebs-csi-driver";

    /// <summary>The driver's name.</summary>
    public const string DriverName = "ebs.csi.aws.com";

    /// <summary>The objects, in the order they are applied.</summary>
    public static IReadOnlyList<AddonObject> Build(AddonContext context)
    {
        var labels = Map(("app.kubernetes.io/component", "csi-driver"), ("app.kubernetes.io/managed-by", "EKS"), ("app.kubernetes.io/name", "aws-ebs-csi-driver"), ("app.kubernetes.io/version", context.UpstreamVersion));
        List<AddonObject> objects =
        [
            ServiceAccount("ebs-csi-controller-sa", labels.DeepClone().AsObject(), context.Addon.ServiceAccountRoleArn),
            ServiceAccount("ebs-csi-node-sa", labels.DeepClone().AsObject(), null),
            ClusterRole("ebs-external-provisioner-role", labels.DeepClone().AsObject(),
                Rule([""], ["persistentvolumes"], ["get", "list", "watch", "create", "patch", "delete"]),
                Rule([""], ["persistentvolumeclaims"], ["get", "list", "watch", "update"]),
                Rule(["storage.k8s.io"], ["storageclasses", "csinodes"], ["get", "list", "watch"]),
                Rule([""], ["events"], ["list", "watch", "create", "update", "patch"])),
            ClusterRoleBinding("ebs-csi-provisioner-binding", "ebs-external-provisioner-role", "ebs-csi-controller-sa", labels.DeepClone().AsObject()),
            ClusterRole("ebs-external-attacher-role", labels.DeepClone().AsObject(),
                Rule([""], ["persistentvolumes"], ["get", "list", "watch", "update", "patch"]),
                Rule(["storage.k8s.io"], ["volumeattachments", "volumeattachments/status"], ["get", "list", "watch", "update", "patch"])),
            ClusterRoleBinding("ebs-csi-attacher-binding", "ebs-external-attacher-role", "ebs-csi-controller-sa", labels.DeepClone().AsObject()),
            ClusterRole("ebs-csi-node-role", labels.DeepClone().AsObject(),
                Rule([""], ["nodes"], ["get", "patch"]),
                Rule(["storage.k8s.io"], ["volumeattachments", "csinodes"], ["get", "list", "watch"])),
            ClusterRoleBinding("ebs-csi-node-getter-binding", "ebs-csi-node-role", "ebs-csi-node-sa", labels.DeepClone().AsObject()),
            Driver(labels),
            Controller(context, labels),
            Node(context, labels),
            Budget(labels),
        ];
        if (context.Bool("defaultStorageClass.enabled", false)) objects.Add(DefaultStorageClass(labels));
        return objects;
    }

    private static AddonObject Driver(JsonObject labels)
    {
        var type = SystemResources.CsiDrivers;
        var driver = Object(type, DriverName, "", labels.DeepClone().AsObject());
        driver["spec"] = new JsonObject { ["attachRequired"] = true, ["podInfoOnMount"] = false, ["fsGroupPolicy"] = "File" };
        return new(type, "", DriverName, driver);
    }

    private static JsonObject Sidecar(string name, string image, params string[] args) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["args"] = Strings(args),
        ["resources"] = Resources(Map(("cpu", "10m"), ("memory", "40Mi")), Map(("memory", "256Mi"))),
        ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "socket-dir", ["mountPath"] = "/var/lib/csi/sockets/pluginproxy/" }),
    };

    private static AddonObject Controller(AddonContext context, JsonObject labels)
    {
        var registry = $"{context.Registry}/eks";
        var selector = Map(("app", "ebs-csi-controller"), ("app.kubernetes.io/name", "aws-ebs-csi-driver"));
        var podLabels = labels.DeepClone().AsObject();
        podLabels["app"] = "ebs-csi-controller";
        var spec = new JsonObject
        {
            ["priorityClassName"] = "system-cluster-critical",
            ["serviceAccountName"] = "ebs-csi-controller-sa",
            ["nodeSelector"] = context.Value("controller.nodeSelector") as JsonObject ?? Map(("kubernetes.io/os", "linux")),
            ["tolerations"] = context.Value("controller.tolerations") as JsonArray
                ?? new JsonArray(Toleration("CriticalAddonsOnly", "Exists"), Toleration(null, "Exists", "NoExecute", seconds: 300)),
            ["affinity"] = NodeAffinityNotIn("fargate", "auto", "hybrid"),
            ["containers"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "ebs-plugin",
                    ["image"] = $"{registry}/aws-ebs-csi-driver:{context.UpstreamVersion}",
                    ["args"] = Strings("controller", "--endpoint=$(CSI_ENDPOINT)", "--batching=true", "--logging-format=text", "--user-agent-extra=eks", "--v=2"),
                    ["env"] = Env(("CSI_ENDPOINT", "unix:///var/lib/csi/sockets/pluginproxy/csi.sock"), ("AWS_REGION", context.Cluster.Region)),
                    ["ports"] = new JsonArray(Port("healthz", 9808)),
                    ["resources"] = context.Value("controller.resources") as JsonObject
                        ?? Resources(Map(("cpu", "10m"), ("memory", "40Mi")), Map(("memory", "256Mi"))),
                    ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "socket-dir", ["mountPath"] = "/var/lib/csi/sockets/pluginproxy/" }),
                },
                Sidecar("csi-provisioner", $"{registry}/csi-provisioner:v5.2.0-eks-1-33-5", "--timeout=60s", "--csi-address=$(ADDRESS)", "--v=2", "--feature-gates=Topology=true", "--extra-create-metadata", "--leader-election=true", "--default-fstype=ext4"),
                Sidecar("csi-attacher", $"{registry}/csi-attacher:v4.8.1-eks-1-33-5", "--timeout=6m", "--csi-address=$(ADDRESS)", "--v=2", "--leader-election=true"),
                Sidecar("csi-snapshotter", $"{registry}/csi-snapshotter:v8.2.1-eks-1-33-5", "--csi-address=$(ADDRESS)", "--leader-election=true", "--extra-create-metadata"),
                Sidecar("csi-resizer", $"{registry}/csi-resizer:v1.13.2-eks-1-33-5", "--timeout=60s", "--csi-address=$(ADDRESS)", "--v=2", "--handle-volume-inuse-error=false", "--leader-election=true"),
                Sidecar("liveness-probe", $"{registry}/livenessprobe:v2.15.0-eks-1-33-5", "--csi-address=/csi/csi.sock")),
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = "socket-dir", ["emptyDir"] = new JsonObject() }),
        };
        var deployment = Object(BuiltInResources.Deployments, "ebs-csi-controller", KubeSystem, labels.DeepClone().AsObject());
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = context.Int("controller.replicaCount", 2),
            ["revisionHistoryLimit"] = 10,
            ["selector"] = new JsonObject { ["matchLabels"] = selector },
            ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1 } },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = podLabels }, ["spec"] = spec },
        };
        return new(BuiltInResources.Deployments, KubeSystem, "ebs-csi-controller", deployment);
    }

    private static AddonObject Node(AddonContext context, JsonObject labels)
    {
        var registry = $"{context.Registry}/eks";
        var podLabels = labels.DeepClone().AsObject();
        podLabels["app"] = "ebs-csi-node";
        var tolerateAll = context.Bool("node.tolerateAllTaints", true);
        var spec = new JsonObject
        {
            ["priorityClassName"] = "system-node-critical",
            ["serviceAccountName"] = "ebs-csi-node-sa",
            ["nodeSelector"] = Map(("kubernetes.io/os", "linux")),
            ["tolerations"] = tolerateAll ? new JsonArray(Toleration(null, "Exists")) : new JsonArray(Toleration("CriticalAddonsOnly", "Exists")),
            ["affinity"] = NodeAffinityNotIn("fargate", "auto", "hybrid"),
            ["containers"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "ebs-plugin",
                    ["image"] = $"{registry}/aws-ebs-csi-driver:{context.UpstreamVersion}",
                    ["args"] = Strings("node", "--endpoint=$(CSI_ENDPOINT)", "--csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/", "--logging-format=text", "--v=2"),
                    ["env"] = Env(("CSI_ENDPOINT", "unix:/csi/csi.sock")),
                    ["ports"] = new JsonArray(Port("healthz", 9808)),
                    ["resources"] = Resources(Map(("cpu", "10m"), ("memory", "40Mi")), Map(("memory", "256Mi"))),
                    ["securityContext"] = new JsonObject { ["privileged"] = true },
                },
                new JsonObject
                {
                    ["name"] = "node-driver-registrar",
                    ["image"] = $"{registry}/csi-node-driver-registrar:v2.13.0-eks-1-33-5",
                    ["args"] = Strings("--csi-address=$(ADDRESS)", "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)", "--v=2"),
                    ["resources"] = Resources(Map(("cpu", "10m"), ("memory", "40Mi")), Map(("memory", "256Mi"))),
                },
                new JsonObject
                {
                    ["name"] = "liveness-probe",
                    ["image"] = $"{registry}/livenessprobe:v2.15.0-eks-1-33-5",
                    ["args"] = Strings("--csi-address=/csi/csi.sock"),
                    ["resources"] = Resources(Map(("cpu", "10m"), ("memory", "40Mi")), Map(("memory", "256Mi"))),
                }),
        };
        var daemonSet = Object(BuiltInResources.DaemonSets, "ebs-csi-node", KubeSystem, labels.DeepClone().AsObject());
        daemonSet["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = Map(("app", "ebs-csi-node"), ("app.kubernetes.io/name", "aws-ebs-csi-driver")) },
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "10%" } },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = podLabels }, ["spec"] = spec },
        };
        return new(BuiltInResources.DaemonSets, KubeSystem, "ebs-csi-node", daemonSet);
    }

    private static AddonObject Budget(JsonObject labels)
    {
        var type = SystemResources.PodDisruptionBudgets;
        var budget = Object(type, "ebs-csi-controller", KubeSystem, labels.DeepClone().AsObject());
        budget["spec"] = new JsonObject
        {
            ["maxUnavailable"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = Map(("app", "ebs-csi-controller"), ("app.kubernetes.io/name", "aws-ebs-csi-driver")) },
        };
        return new(type, KubeSystem, "ebs-csi-controller", budget);
    }

    private static AddonObject DefaultStorageClass(JsonObject labels)
    {
        var type = BuiltInResources.StorageClasses;
        var storageClass = Object(type, "ebs-csi-default-sc", "", labels.DeepClone().AsObject(), Map(("storageclass.kubernetes.io/is-default-class", "true")));
        storageClass["provisioner"] = DriverName;
        storageClass["volumeBindingMode"] = "WaitForFirstConsumer";
        storageClass["allowVolumeExpansion"] = true;
        storageClass["reclaimPolicy"] = "Delete";
        return new(type, "", "ebs-csi-default-sc", storageClass);
    }
}
