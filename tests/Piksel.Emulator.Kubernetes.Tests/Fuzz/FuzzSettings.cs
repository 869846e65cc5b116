using System.Globalization;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>
/// The fuzz suite's knobs, shared by every fuzz test: the seed (env <c>PIKSEL_FUZZ_SEED</c>, a CsCheck seed such as a
/// failure message prints; a fixed one otherwise) and the time per test (env <c>PIKSEL_FUZZ_SECONDS</c>; 2 s otherwise,
/// so that the whole suite stays well under half a minute in CI).
/// </summary>
internal static class FuzzSettings
{
    /// <summary>The fixed seed: <c>new PCG(7, 20260901).ToString()</c>.</summary>
    public const string DefaultSeed = "0000001diwQ7";

    /// <summary>How long one request may take before the input is reported as a hang.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The CsCheck seed to start from.</summary>
    public static string Seed => Environment.GetEnvironmentVariable("PIKSEL_FUZZ_SEED") is { Length: > 0 } seed ? seed : DefaultSeed;

    /// <summary>Seconds each fuzz test samples for.</summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("PIKSEL_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 2;
}
