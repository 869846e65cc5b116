namespace Piksel.Platform.Verification;

/// <summary>
/// What the guard rails of the definition promise, as a verifier checks them against a cluster: the workload
/// namespaces' representative endpoints and kube-dns, the flows declared between them (everything else denied), and
/// the RBAC matrix of the developer groups.
/// </summary>
/// <param name="Endpoints">Each workload namespace's representative endpoint, in the definition's order.</param>
/// <param name="Dns">kube-dns in kube-system (UDP 53), which every workload may reach.</param>
/// <param name="Flows">The declared flows between workload namespaces.</param>
/// <param name="Access">The RBAC matrix.</param>
public sealed record GuardRailExpectations(
    IReadOnlyList<WorkloadEndpoint> Endpoints,
    WorkloadEndpoint Dns,
    IReadOnlyList<NetworkFlow> Flows,
    IReadOnlyList<AccessReviewExpectation> Access)
{
    /// <summary>Whether the definition means <paramref name="from"/> to reach <paramref name="to"/>.</summary>
    public bool Intends(string from, WorkloadEndpoint to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return to == Dns || Flows.Any(f => f.From == from && f.To == to.Namespace && f.Port == to.Port && f.Protocol == to.Protocol);
    }
}
