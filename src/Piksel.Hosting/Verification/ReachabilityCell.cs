using Piksel.Platform.Kubernetes.NetworkPolicies;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>One cell of the reachability matrix: what the definition intends and what the policies in force answer.</summary>
/// <param name="From">The source namespace.</param>
/// <param name="To">The destination endpoint.</param>
/// <param name="Intended">Whether the definition means the connection to be allowed.</param>
/// <param name="Verdict">The policies' answer, and why.</param>
public sealed record ReachabilityCell(string From, WorkloadEndpoint To, bool Intended, ReachabilityVerdict Verdict)
{
    /// <summary>Whether the policies answer as intended.</summary>
    public bool AsIntended => Verdict.Allowed == Intended;

    /// <summary>The cell in words, for a failed check: what was seen, what was meant, and why.</summary>
    public string Describe() =>
        $"{From} -> {To.Name} {(Verdict.Allowed ? "allowed" : "denied")}, intended {(Intended ? "allowed" : "denied")} ({Verdict.Explain()})";
}
