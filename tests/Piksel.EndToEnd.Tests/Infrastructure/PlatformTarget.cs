using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The provider the suite runs on, named by <c>PIKSEL_PROVIDER</c> (<c>embedded</c> when unset), and what it can prove.
/// Read before any fixture starts, so that <see cref="PlatformFactAttribute"/> and <see cref="PlatformTheoryAttribute"/>
/// skip, with the reason, the tests this machine cannot run.
/// </summary>
public sealed class PlatformTarget
{
    /// <summary>The variable that names the provider.</summary>
    public const string Variable = "PIKSEL_PROVIDER";

    private static readonly Dictionary<string, ProviderKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["embedded"] = ProviderKind.Embedded,
        ["localstack"] = ProviderKind.LocalStack,
        ["aws"] = ProviderKind.Aws,
    };

    private PlatformTarget(ProviderKind? kind, string? skipReason, PlatformCapability capabilities)
    {
        Kind = kind;
        SkipReason = skipReason;
        Capabilities = capabilities;
    }

    /// <summary>The target this process names.</summary>
    public static PlatformTarget Current { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The provider, or null when the variable names none.</summary>
    public ProviderKind? Kind { get; }

    /// <summary>Why the suite does not run on this target at all, or null when it does.</summary>
    public string? SkipReason { get; }

    /// <summary>What the provider can prove beyond what every provider does.</summary>
    public PlatformCapability Capabilities { get; }

    /// <summary>The target <paramref name="value"/> (a <c>PIKSEL_PROVIDER</c> value; empty or null is <c>embedded</c>) names.</summary>
    public static PlatformTarget Parse(string? value) => Parse(value, () => Piksel.Testing.DockerFactAttribute.Reachable);

    /// <summary>
    /// As <see cref="Parse(string?)"/>, asking <paramref name="dockerRunning"/> (only for <c>localstack</c>) whether a Docker
    /// daemon answers: without one, every test skips saying so in one line.
    /// </summary>
    internal static PlatformTarget Parse(string? value, Func<bool> dockerRunning)
    {
        if (string.IsNullOrEmpty(value))
            value = "embedded";

        if (!Kinds.TryGetValue(value, out var kind))
            return new PlatformTarget(null, $"{Variable}={value} is not a provider; accepted values: {string.Join(", ", Kinds.Keys)}.", PlatformCapability.None);

        if (kind == ProviderKind.LocalStack)
        {
            return dockerRunning()
                ? new PlatformTarget(kind, null, PlatformCapability.None)
                : new PlatformTarget(kind, $"Docker is not running: {Variable}={value} needs a Docker daemon (DOCKER_HOST, else /var/run/docker.sock); embedded needs nothing.", PlatformCapability.None);
        }

        return kind == ProviderKind.Embedded
            ? new PlatformTarget(kind, null, PlatformCapability.MovableClock | PlatformCapability.InProcessEmulators)
            : new PlatformTarget(kind, $"{Variable}={value}: only the embedded provider is implemented so far.", PlatformCapability.None);
    }

    /// <summary>Why a test that needs <paramref name="needs"/> cannot run on this target, or null when it can.</summary>
    public string? SkipReasonFor(PlatformCapability needs)
    {
        if (SkipReason is not null)
            return SkipReason;

        var missing = needs & ~Capabilities;
        return missing == PlatformCapability.None
            ? null
            : $"the {Kind.ToString()!.ToLowerInvariant()} provider lacks {missing}: {Describe(missing)}.";
    }

    private static string Describe(PlatformCapability missing) =>
        missing.HasFlag(PlatformCapability.MovableClock)
            ? "its clock cannot move, and a service-account token lives at least 10 min"
            : missing.HasFlag(PlatformCapability.InProcessEmulators)
                ? "its AWS endpoint and API servers run outside this process"
                : missing.ToString();
}
