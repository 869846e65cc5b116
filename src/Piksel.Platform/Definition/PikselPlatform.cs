using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>The Piksel platform of PLATFORM.md, described once for every environment.</summary>
public static class PikselPlatform
{
    /// <summary>
    /// The spec of the platform for <paramref name="settings"/>: the KMS key, cluster and its identities, the IRSA
    /// roles and service accounts, buckets, namespaces, secrets and their synchronisation. Pure: no I/O.
    /// </summary>
    public static PlatformSpec Define(EnvironmentSettings settings) => new PikselDefinition(settings).Build();

    /// <summary>
    /// What each row of the IRSA table promises for <paramref name="settings"/>, as calls a verifier makes: the
    /// service accounts, their role, calls inside its scope and calls just outside it. Pure: no I/O.
    /// </summary>
    public static IReadOnlyList<IrsaExpectation> IrsaExpectations(EnvironmentSettings settings) =>
        new PikselDefinition(settings).Identity.Expectations();
}
