using Piksel.Hosting.Embedded;
using Piksel.Hosting.Verification;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The provider the suite runs on, named by <c>PIKSEL_PROVIDER</c> (<c>embedded</c> when unset), and what it proves when
/// the suite runs it (<see cref="Declared"/>). Read before any fixture starts, so that <see cref="PlatformFactAttribute"/>
/// and <see cref="PlatformTheoryAttribute"/> skip, naming the provider and the missing capability, the tests it cannot
/// prove; the fixture then holds the started provider's own <see cref="IPlatformProvider.Capabilities"/> to this table.
/// </summary>
public sealed class PlatformTarget
{
    /// <summary>The variable that names the provider.</summary>
    public const string Variable = "PIKSEL_PROVIDER";

    private static readonly Dictionary<string, ProviderKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["embedded"] = ProviderKind.Embedded,
        ["aws"] = ProviderKind.Aws,
        ["existing"] = ProviderKind.Existing,
        ["localstack"] = ProviderKind.LocalStack,
    };

    private PlatformTarget(ProviderKind? kind, string? skipReason, ProviderCapabilities capabilities)
    {
        Kind = kind;
        SkipReason = skipReason;
        Capabilities = capabilities;
    }

    /// <summary>
    /// What each provider kind proves when this suite runs it. <c>aws</c> runs against the emulator impersonating the
    /// real accounts (through the standard endpoint settings, so neither its clock nor its servers are the suite's to
    /// reach into); <c>existing</c> against in-process stand-ins for an endpoint and a cluster the user already has (the
    /// cluster is a kubeconfig's, not EKS's); <c>localstack</c> is LocalStack, k3s and PostgreSQL containers (LocalStack
    /// enforces no IAM and verifies no tokens; k3s admits through Pod Security and enforces NetworkPolicy).
    /// </summary>
    public static IReadOnlyDictionary<ProviderKind, ProviderCapabilities> Declared { get; } = new Dictionary<ProviderKind, ProviderCapabilities>
    {
        [ProviderKind.Embedded] = EmbeddedProvider.EmbeddedCapabilities,
        [ProviderKind.Aws] = ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification
            | ProviderCapabilities.RealDatabase | ProviderCapabilities.EksApi | ProviderCapabilities.NodeProvisioning,
        [ProviderKind.Existing] = ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification | ProviderCapabilities.RealDatabase,
        [ProviderKind.LocalStack] = ProviderCapabilities.RealDatabase | ProviderCapabilities.PodSecurity | ProviderCapabilities.NetworkPolicyEnforcement,
    };

    /// <summary>The target this process names.</summary>
    public static PlatformTarget Current { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The provider, or null when the variable names none.</summary>
    public ProviderKind? Kind { get; }

    /// <summary>Why the suite does not run on this target at all (the variable names no provider), or null when it does.</summary>
    public string? SkipReason { get; }

    /// <summary>What the provider proves when the suite runs it (<see cref="Declared"/>).</summary>
    public ProviderCapabilities Capabilities { get; }

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
            return new PlatformTarget(null, $"{Variable}={value} is not a provider; accepted values: {string.Join(", ", Kinds.Keys)}.", ProviderCapabilities.None);

        // Containers need Docker: without a daemon, every test says so in one line.
        if (kind == ProviderKind.LocalStack && !dockerRunning())
            return new PlatformTarget(kind, $"Docker is not running: {Variable}={value} needs a Docker daemon (DOCKER_HOST, else /var/run/docker.sock); embedded needs nothing.", Declared[kind]);

        return new PlatformTarget(kind, null, Declared[kind]);
    }

    /// <summary>Why a test that needs <paramref name="needs"/> cannot run on this target (naming the provider and each missing capability), or null when it can.</summary>
    public string? SkipReasonFor(ProviderCapabilities needs)
    {
        if (SkipReason is not null || Kind is not { } kind)
            return SkipReason;

        var missing = CapabilityGap.Missing(Capabilities, needs);
        return missing == ProviderCapabilities.None ? null : $"{Variable}={CapabilityGap.Name(kind)}: {CapabilityGap.Describe(kind, missing)}.";
    }
}
