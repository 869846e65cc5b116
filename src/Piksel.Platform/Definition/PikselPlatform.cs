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

    /// <summary>
    /// What the guard rails promise for <paramref name="settings"/>: the reachability of the workload namespaces and
    /// kube-dns (declared flows allowed, everything else denied) and the developer groups' RBAC matrix. Pure: no I/O.
    /// </summary>
    public static GuardRailExpectations GuardRailExpectations(EnvironmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(WorkloadFlows.Endpoints, WorkloadFlows.Dns, WorkloadFlows.Flows, GuardRailDefinition.AccessMatrix());
    }
}
