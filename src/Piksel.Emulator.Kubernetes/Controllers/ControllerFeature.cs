using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Controllers.Kubelet;
using Piksel.Emulator.Kubernetes.Controllers.Scheduler;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>The controller manager's part of the cluster: its controllers, the admission they rely on and <c>namespaces/finalize</c>.</summary>
public static class ControllerFeature
{
    /// <summary>Adds the namespace, garbage-collection, workload and service controllers, each under its own identity, to <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddAdmission(_ => new NamespaceAdmission());
        builder.AddAdmission(c => new ServiceIpAllocation(c.Store));
        builder.AddAdmission(_ => new BatchDefaults());
        builder.AddAdmission(_ => new DaemonSetDefaults());
        builder.AddAdmission(_ => new DeploymentDefaults());
        builder.AddSubresource("namespaces/finalize", _ => NamespaceFinalize.HandleAsync);
        foreach (var sub in PodConnections.Subresources) builder.AddSubresource("pods/" + sub, _ => PodConnections.For(sub));
        builder.AddController(ControllerIdentities.NamespaceController, c => new NamespaceController(c));
        builder.AddController(ControllerIdentities.ApiServer, c => new KubernetesServiceController(c));
        builder.AddController(ControllerIdentities.GarbageCollector, c => new GarbageCollector(c));
        builder.AddController(ControllerIdentities.Kubelet, c => new SimulatedKubelet(c));
        builder.AddController(ControllerIdentities.Scheduler, c => new PodScheduler(c));
        builder.AddController(ControllerIdentities.DeploymentController, c => new DeploymentController(c));
        builder.AddController(ControllerIdentities.ReplicaSetController, c => new ReplicaSetController(c));
        builder.AddController(ControllerIdentities.JobController, c => new JobController(c));
        builder.AddController(ControllerIdentities.CronJobController, c => new CronJobController(c));
        builder.AddController(ControllerIdentities.StatefulSetController, c => new StatefulSetController(c));
        builder.AddController(ControllerIdentities.DaemonSetController, c => new DaemonSetController(c));
        builder.AddController(ControllerIdentities.PersistentVolumeBinder, c => new Volumes.PersistentVolumeController(c));
        builder.AddController(ControllerIdentities.AttachDetachController, c => new Volumes.AttachDetachController(c));
    }
}
