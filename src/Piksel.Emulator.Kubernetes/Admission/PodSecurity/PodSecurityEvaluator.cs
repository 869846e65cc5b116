namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// Runs the checks a level and version call for (pod-security-admission's checkRegistry): baseline checks sorted by ID,
/// then restricted ones sorted by ID; restricted also runs every baseline check no restricted check overrides at that
/// version. <c>latest</c> — and any version newer than the server — means the server's own minor version, so checks
/// introduced later than it (v1.34's probe hosts, v1.35's user-namespace waivers) do not apply.
/// </summary>
public sealed class PodSecurityEvaluator
{
    private readonly List<PodSecurityCheck> ordered;

    /// <summary>An evaluator for a server at Kubernetes 1.<paramref name="serverMinor"/>.</summary>
    public PodSecurityEvaluator(int serverMinor)
    {
        ServerMinor = serverMinor;
        ordered =
        [
            .. BaselineChecks.All().OrderBy(c => c.Id, StringComparer.Ordinal),
            .. RestrictedChecks.All().OrderBy(c => c.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>The minor version <c>latest</c> stands for.</summary>
    public int ServerMinor { get; }

    /// <summary>The failed checks of <paramref name="pod"/> at <paramref name="policy"/>, in message order; empty when it complies.</summary>
    public IReadOnlyList<CheckResult> Evaluate(LevelVersion policy, PodView pod)
    {
        if (policy.Level == PodSecurityLevel.Privileged) return [];
        var minor = Math.Min(policy.Minor ?? ServerMinor, ServerMinor);
        var applicable = ordered.Where(c => c.MinimumMinor <= minor && (c.Level == PodSecurityLevel.Baseline || policy.Level == PodSecurityLevel.Restricted)).ToList();
        var overridden = applicable.SelectMany(c => c.Overrides).ToHashSet(StringComparer.Ordinal);
        var failed = new List<CheckResult>();
        foreach (var check in applicable)
        {
            if (overridden.Contains(check.Id)) continue;
            if (check.Evaluate(pod, minor) is { } result) failed.Add(result);
        }
        return failed;
    }

    /// <summary>The failures as the admission prints them: <c>reason (detail)</c>, comma-joined.</summary>
    public static string Describe(IEnumerable<CheckResult> failed) => string.Join(", ", failed);
}
