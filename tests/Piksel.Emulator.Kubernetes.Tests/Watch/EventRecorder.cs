using System.Threading.Channels;
using k8s;

namespace Piksel.Emulator.Kubernetes.Tests.Watch;

/// <summary>Pumps a KubernetesClient watch into a queue so tests can await the next event, errors and the close.</summary>
internal sealed class EventRecorder<T> : IAsyncDisposable
{
    private readonly Channel<(WatchEventType Type, T Object)> events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task pump;
    private readonly List<Exception> errors = [];

    public EventRecorder(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> open)
    {
        pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in open(e => { lock (errors) errors.Add(e); }, stop.Token)) events.Writer.TryWrite(e);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                events.Writer.TryComplete();
            }
        });
    }

    /// <summary>Errors the client reported (a Status event is a KubernetesException).</summary>
    public IReadOnlyList<Exception> Errors { get { lock (errors) return [.. errors]; } }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Closed => pump;

    public async Task<(WatchEventType Type, T Object)> NextAsync(double seconds = 10)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            return await events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no watch event within {seconds} s");
        }
    }

    /// <summary>True when no event arrives within <paramref name="seconds"/>.</summary>
    public async Task<bool> QuietForAsync(double seconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return !await events.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await pump.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
        stop.Dispose();
    }
}
