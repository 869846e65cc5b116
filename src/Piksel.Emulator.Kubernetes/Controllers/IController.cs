namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// A control loop beside the API server (namespace lifecycle, garbage collection, pod status, the External Secrets
/// operator…). It is made by the factory given to <see cref="KubeApiServerBuilder.AddController"/> from a
/// <see cref="ControllerContext"/>, and writes only through that context's client: under its own identity, through
/// authorization and admission, like any client.
/// </summary>
public interface IController
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    Task RunAsync(CancellationToken stoppingToken);
}
