namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>Waiting for the controllers to catch up: what tests await instead of sleeping.</summary>
public static class ControllerSettle
{
    /// <summary>
    /// Returns once every controller has reconciled every change up to now, including the changes the controllers
    /// made themselves, and nothing is waiting for a retry. Work that waits on someone else (a finalizer nobody
    /// removes) does not hold it up. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 30 s).
    /// </summary>
    public static async Task SettleAsync(this ApiServerState state, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var loops = state.Controllers.OfType<ReconcileLoop>().ToList();
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        while (true)
        {
            // Every event up to this version is already in the controllers' watches when it is read.
            var version = state.Store.ResourceVersion;
            while (loops.FirstOrDefault(l => !l.IsIdle) is { } busy)
            {
                if (Environment.TickCount64 > deadline) throw new TimeoutException($"controller {busy.GetType().Name} is still busy after {timeout ?? TimeSpan.FromSeconds(30)}");
                await Task.Delay(2, cancellationToken);
            }
            if (state.Store.ResourceVersion == version) return;
        }
    }

    /// <inheritdoc cref="SettleAsync(ApiServerState, TimeSpan?, CancellationToken)"/>
    public static Task SettleAsync(this KubeApiServer server, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        server.State.SettleAsync(timeout, cancellationToken);
}
