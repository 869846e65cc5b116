using Piksel.Emulator.Kubernetes.Admission;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>The controller manager's part of the cluster: its controllers, the admission they rely on and <c>namespaces/finalize</c>.</summary>
public static class ControllerFeature
{
    /// <summary>Adds the namespace, garbage-collection, workload and service controllers to <paramref name="state"/>.</summary>
    public static void Register(ApiServerState state)
    {
        state.Admission.Add(new NamespaceAdmission());
        state.Admission.Add(new ServiceIpAllocation(state.Store));
        NamespaceFinalize.Register(state);
        state.Controllers.Add(new NamespaceController(state));
        state.Controllers.Add(new KubernetesServiceController(state));
        state.Controllers.Add(new GarbageCollector(state));
        state.Controllers.Add(new PodController(state));
        state.Controllers.Add(new DeploymentController(state));
        state.Controllers.Add(new DaemonSetController(state));
    }
}
