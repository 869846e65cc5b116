namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// One check of a profile (pod-security-admission's policy.Check): its ID (checks run sorted by ID, baseline ones first,
/// which fixes the order of the reasons in a message), its level, the first policy version it applies to, the baseline
/// checks it replaces at the restricted level, and the check itself, given the pod and the effective 1.N minor version.
/// </summary>
public sealed record PodSecurityCheck(string Id, PodSecurityLevel Level, int MinimumMinor, Func<PodView, int, CheckResult?> Evaluate)
{
    /// <summary>Baseline check IDs this restricted check replaces (capabilities, seccomp, hostPath volumes).</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
}
