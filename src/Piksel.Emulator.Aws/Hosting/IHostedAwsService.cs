namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// A service with work of its own beside requests: started once the edge endpoint listens (EKS restarts the API
/// servers of its clusters), disposed before the state closes.
/// </summary>
public interface IHostedAwsService : IAsyncDisposable
{
    /// <summary>Called once the emulator answers at <paramref name="endpoint"/>; the emulator's start waits for it.</summary>
    Task StartAsync(Uri endpoint, CancellationToken cancellationToken);
}
