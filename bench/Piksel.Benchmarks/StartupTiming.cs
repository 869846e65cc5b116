using System.Diagnostics;
using Piksel.Emulator.Aws;

namespace Piksel.Benchmarks;

/// <summary>
/// In-process start-to-healthy: StartAsync until <c>/_localstack/health</c> answers, against starting a bare Kestrel
/// until it answers, measured alternately in the same run; prints medians and their ratio.
/// </summary>
internal static class StartupTiming
{
    public static async Task RunAsync(int rounds)
    {
        using var http = new HttpClient();
        // The first start in a process pays for JIT and assembly loading: report it as the cold start.
        var coldEmulator = await MeasureEmulatorAsync(http);
        var coldBare = await MeasureBareAsync(http);
        Console.WriteLine($"cold start-to-healthy (first in process): emulator {coldEmulator:F1} ms, bare Kestrel {coldBare:F1} ms, ratio {coldEmulator / coldBare:F2}");

        var emulator = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            emulator.Add(await MeasureEmulatorAsync(http));
            bare.Add(await MeasureBareAsync(http));
        }
        var e = Median(emulator);
        var b = Median(bare);
        Console.WriteLine($"warm start-to-healthy (median of {rounds}): emulator {e:F1} ms, bare Kestrel {b:F1} ms, ratio {e / b:F2}");
    }

    private static async Task<double> MeasureEmulatorAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 });
        using var response = await http.GetAsync(new Uri(emulator.Endpoint, "_localstack/health"));
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> MeasureBareAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        await using var bare = await BareKestrel.StartAsync();
        using var response = await http.GetAsync(bare.Endpoint);
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
