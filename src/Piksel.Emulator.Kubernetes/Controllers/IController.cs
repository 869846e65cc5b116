namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>A control loop that runs beside the API server (namespace lifecycle, garbage collection, pod status…).</summary>
public interface IController
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    Task RunAsync(CancellationToken stoppingToken);
}
