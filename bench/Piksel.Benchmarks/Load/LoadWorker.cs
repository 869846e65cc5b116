using System.Diagnostics;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// One closed-loop client: sends its target's request, waits for the whole answer, records the duration (two
/// <see cref="Stopwatch"/> timestamps), and sends the next, until the deadline. Its tallies are its own.
/// </summary>
internal sealed class LoadWorker(LoadTarget target)
{
    // Large enough for any answer measured here to be read in a few calls; reused for every answer.
    private readonly byte[] buffer = new byte[64 * 1024];

    /// <summary>What this worker sends.</summary>
    public LoadTarget Target { get; } = target;

    /// <summary>Every request's duration, failed ones included.</summary>
    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Requests that failed or got an unexpected answer.</summary>
    public long Errors { get; private set; }

    /// <summary>What went wrong first, if anything did.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Sends requests one after another until the <see cref="Stopwatch"/> timestamp <paramref name="until"/>.</summary>
    public async Task RunAsync(long until)
    {
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= until) return;
            string? error;
            try
            {
                error = await Target.SendAsync(buffer);
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            catch (IOException e)
            {
                error = e.Message;
            }
            catch (TaskCanceledException)
            {
                error = "no answer within the client's timeout";
            }
            Histogram.RecordTicks(Stopwatch.GetTimestamp() - start);
            if (error is null) continue;
            Errors++;
            FirstError ??= error;
        }
    }
}
