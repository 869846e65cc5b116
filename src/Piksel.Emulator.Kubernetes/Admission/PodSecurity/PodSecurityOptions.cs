namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// The PodSecurity admission configuration (PodSecurityConfiguration): the defaults for unlabelled namespaces and the
/// exemptions. Stock kube-apiserver and EKS default every mode to <c>privileged:latest</c> and exempt nothing (kube-system
/// included); a namespace opts in with labels.
/// </summary>
public sealed record PodSecurityOptions
{
    /// <summary>The enforce/audit/warn levels of a namespace without labels. Default privileged:latest for all three.</summary>
    public PodSecurityPolicy Defaults { get; init; } = new(LevelVersion.PrivilegedLatest, LevelVersion.PrivilegedLatest, LevelVersion.PrivilegedLatest);

    /// <summary>Users whose requests are never checked (exemptions.usernames). Default none.</summary>
    public IReadOnlyList<string> ExemptUsernames { get; init; } = [];

    /// <summary>Namespaces whose pods are never checked (exemptions.namespaces). Default none.</summary>
    public IReadOnlyList<string> ExemptNamespaces { get; init; } = [];

    /// <summary>Pods with one of these runtimeClassNames are never checked (exemptions.runtimeClasses). Default none.</summary>
    public IReadOnlyList<string> ExemptRuntimeClasses { get; init; } = [];

    /// <summary>
    /// Where audit-mode violations go: kube-apiserver writes them as the audit annotation
    /// <c>pod-security.kubernetes.io/audit-violations</c> on the request's audit event. This server keeps no audit log, so
    /// the event (annotation key and value) is handed here. Default null: dropped, as with audit logging off.
    /// </summary>
    public Action<PodSecurityAuditEvent>? Audit { get; init; }
}
