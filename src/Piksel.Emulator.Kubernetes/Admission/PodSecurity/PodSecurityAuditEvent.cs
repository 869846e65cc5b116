namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>An audit annotation PodSecurity adds to a request's audit event: who wrote what, and the annotation itself.</summary>
/// <param name="Resource">The group-resource written (<c>pods</c>, <c>deployments.apps</c>…).</param>
/// <param name="Key">The annotation key, <c>pod-security.kubernetes.io/audit-violations</c>.</param>
/// <param name="Value">The annotation value, <c>would violate PodSecurity "restricted:latest": …</c>.</param>
public sealed record PodSecurityAuditEvent(string User, string Resource, string Namespace, string Name, string Key, string Value);
