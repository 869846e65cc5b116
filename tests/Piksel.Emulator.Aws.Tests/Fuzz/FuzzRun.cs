using System.Globalization;
using CsCheck;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// How a fuzz test runs: seeded (<c>PIKSEL_FUZZ_SEED</c>, else a fixed seed, so CI runs the same inputs every time),
/// bounded (<c>PIKSEL_FUZZ_SECONDS</c> per test, default 1, so every fuzz test of the project fits in CI's ~25 s), each
/// input bounded too (an answer within 10 s, else it is reported as a hang). A failure names the seed that replays it
/// and the shrunk input.
/// </summary>
internal static class FuzzRun
{
    /// <summary>The seed when PIKSEL_FUZZ_SEED is not set: CsCheck's PCG(9, 20260101), any fixed value would do.</summary>
    public static readonly string DefaultSeed = new PCG(9, 20260101).ToString();

    /// <summary>How long one input may take, end to end, before it counts as a hang.</summary>
    public static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The run's seed.</summary>
    public static string Seed => Environment.GetEnvironmentVariable("PIKSEL_FUZZ_SEED") is { Length: > 0 } seed ? seed : DefaultSeed;

    /// <summary>Seconds of mutation per test.</summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("PIKSEL_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 1;

    /// <summary>Replays every corpus input through <paramref name="check"/>, then samples <paramref name="gen"/> for the run's budget.</summary>
    public static void Sample<T>(string target, IEnumerable<T> corpus, Gen<T> gen, Action<T> check, Func<T, string> print)
    {
        foreach (var input in corpus) Bounded(() => check(input), target, print(input));
        Report(target, () => gen.Sample(input => Bounded(() => check(input), target, print(input)), seed: Seed, time: Seconds, print: print));
    }

    /// <summary>The asynchronous form of <see cref="Sample{T}"/>, for inputs sent to the emulator.</summary>
    public static async Task SampleAsync<T>(string target, IEnumerable<T> corpus, Gen<T> gen, Func<T, Task> check, Func<T, string> print)
    {
        foreach (var input in corpus) await BoundedAsync(() => check(input), target, print(input));
        Report(target, () => gen.SampleAsync(input => BoundedAsync(() => check(input), target, print(input)), seed: Seed, time: Seconds, threads: 2, print: print)
            .GetAwaiter().GetResult());
    }

    private static void Report(string target, Action run)
    {
        try
        {
            run();
        }
        catch (CsCheckException e)
        {
            throw new InvalidOperationException(
                $"Fuzz target '{target}' failed (run seed {Seed}). Replay it with PIKSEL_FUZZ_SEED set to the seed CsCheck names below, "
                + $"keep the input in tests/fuzz-corpus/aws/ as found-<what-it-found> and pin the fix with a regression test.{Environment.NewLine}{e.Message}", e);
        }
    }

    private static void Bounded(Action check, string target, string input)
    {
        var run = Task.Run(check);
        if (!run.Wait(InputTimeout)) throw new TimeoutException($"{target}: no answer within {InputTimeout.TotalSeconds} s (a hang) for {input}");
        run.GetAwaiter().GetResult();
    }

    private static async Task BoundedAsync(Func<Task> check, string target, string input)
    {
        try
        {
            await check().WaitAsync(InputTimeout);
        }
        catch (Exception e) when (e is TimeoutException or TaskCanceledException)
        {
            throw new TimeoutException($"{target}: no answer within {InputTimeout.TotalSeconds} s (a hang) for {input}", e);
        }
    }
}
