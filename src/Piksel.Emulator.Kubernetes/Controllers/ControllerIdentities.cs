using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// Who the built-in controllers write as: kube-controller-manager's controllers under their own service accounts in
/// kube-system (as with <c>--use-service-account-credentials</c>, which EKS runs with), the scheduler and the kubelet
/// under their component identities, and the API server's own reconcilers as <c>system:apiserver</c>.
/// </summary>
public static class ControllerIdentities
{
    /// <summary>The namespace controller (and the default service account and root CA publishers it plays).</summary>
    public static UserInfo NamespaceController { get; } = UserInfo.ServiceAccount("kube-system", "namespace-controller");

    /// <summary>The garbage collector.</summary>
    public static UserInfo GarbageCollector { get; } = UserInfo.ServiceAccount("kube-system", "generic-garbage-collector");

    /// <summary>The deployment controller.</summary>
    public static UserInfo DeploymentController { get; } = UserInfo.ServiceAccount("kube-system", "deployment-controller");

    /// <summary>The replica set controller.</summary>
    public static UserInfo ReplicaSetController { get; } = UserInfo.ServiceAccount("kube-system", "replicaset-controller");

    /// <summary>The job controller.</summary>
    public static UserInfo JobController { get; } = UserInfo.ServiceAccount("kube-system", "job-controller");

    /// <summary>The cron job controller.</summary>
    public static UserInfo CronJobController { get; } = UserInfo.ServiceAccount("kube-system", "cronjob-controller");

    /// <summary>The stateful set controller.</summary>
    public static UserInfo StatefulSetController { get; } = UserInfo.ServiceAccount("kube-system", "statefulset-controller");

    /// <summary>The daemon set controller.</summary>
    public static UserInfo DaemonSetController { get; } = UserInfo.ServiceAccount("kube-system", "daemon-set-controller");

    /// <summary>The resource quota controller.</summary>
    public static UserInfo ResourceQuotaController { get; } = UserInfo.ServiceAccount("kube-system", "resourcequota-controller");

    /// <summary>The persistent volume controller, which binds claims to volumes and releases them.</summary>
    public static UserInfo PersistentVolumeBinder { get; } = UserInfo.ServiceAccount("kube-system", "persistent-volume-binder");

    /// <summary>The attach/detach controller, which asks for CSI volumes to be attached to the nodes of the pods using them.</summary>
    public static UserInfo AttachDetachController { get; } = UserInfo.ServiceAccount("kube-system", "attachdetach-controller");

    /// <summary>kube-scheduler, which binds pods.</summary>
    public static UserInfo Scheduler { get; } = UserInfo.Component("system:kube-scheduler");

    /// <summary>The kubelet of <see cref="SimulatedNode"/>, which registers its node and reports its pods (other nodes' kubelets write as <c>system:node:&lt;name&gt;</c>).</summary>
    public static UserInfo Kubelet { get; } = UserInfo.Component("system:node:" + SimulatedNode.Name, "system:nodes");

    /// <summary>The API server itself (the <c>kubernetes</c> Service's reconciler).</summary>
    public static UserInfo ApiServer { get; } = UserInfo.Component("system:apiserver", "system:masters");
}
