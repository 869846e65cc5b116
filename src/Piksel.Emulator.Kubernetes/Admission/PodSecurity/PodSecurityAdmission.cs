using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// The PodSecurity admission plugin (k8s.io/pod-security-admission admission.go), validating: pods are checked against
/// their namespace's enforce (403), audit and warn levels; the pod templates of workload kinds against audit and warn
/// only (never refused); namespaces' Pod Security labels must be valid (422), and relabelling a namespace to a stricter
/// enforce level warns about the pods already there that would not be admitted now. Subresources other than
/// ephemeralcontainers, deletes, and pod updates that change no image are not checked; exempt users, namespaces and
/// runtime classes come from <see cref="PodSecurityOptions"/>.
/// </summary>
public sealed class PodSecurityAdmission(ServerContext context, PodSecurityOptions options) : IAdmissionPlugin
{
    /// <summary>The audit annotation key violations are recorded under.</summary>
    public const string AuditViolationsAnnotation = "pod-security.kubernetes.io/audit-violations";

    private readonly PodSecurityEvaluator evaluator = new(ServerMinor(context.Options.KubernetesVersion));

    /// <inheritdoc />
    public bool Mutating => false;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == AdmissionOperation.Delete) return ValueTask.CompletedTask;
        if (request.Type == BuiltInResources.Namespaces)
        {
            if (request.Subresource is null) new NamespaceLabelCheck(context, options, evaluator).Admit(request);
        }
        else if (request.Type == BuiltInResources.Pods)
        {
            if (request.Subresource is null or "ephemeralcontainers") AdmitPod(request);
        }
        else if (request.Subresource is null && PodTemplates.Of(request.Type, request.Object) is { } template)
        {
            AdmitTemplate(request, template);
        }
        return ValueTask.CompletedTask;
    }

    private void AdmitPod(AdmissionRequest request)
    {
        if (Exempt(request) || Policy(request.Namespace) is not { } policy) return;
        var pod = new PodView(request.Object["metadata"] as JsonObject, request.Object["spec"] as JsonObject);
        if (ExemptRuntimeClass(pod)) return;
        if (request.Operation == AdmissionOperation.Update && request.OldObject is { } old && !SignificantUpdate(request.Object, old)) return;

        var enforced = evaluator.Evaluate(policy.Enforce, pod);
        if (enforced.Count > 0)
        {
            throw new StatusException(HttpStatusCode.Forbidden, "Forbidden",
                $"pods \"{request.Name}\" is forbidden: violates PodSecurity \"{policy.Enforce}\": {PodSecurityEvaluator.Describe(enforced)}",
                new JsonObject { ["name"] = request.Name, ["kind"] = "pods" });
        }
        AuditAndWarn(request, policy, pod);
    }

    private void AdmitTemplate(AdmissionRequest request, PodView template)
    {
        if (Exempt(request) || Policy(request.Namespace) is not { } policy || ExemptRuntimeClass(template)) return;
        if (request.Operation == AdmissionOperation.Update && PodTemplates.Of(request.Type, request.OldObject) is { } old
            && JsonNode.DeepEquals(old.Metadata, template.Metadata) && JsonNode.DeepEquals(old.Spec, template.Spec))
        {
            return;
        }

        AuditAndWarn(request, policy, template);
    }

    /// <summary>Audit and warn evaluate the same pod; an identical level and version is evaluated once.</summary>
    private void AuditAndWarn(AdmissionRequest request, PodSecurityPolicy policy, PodView pod)
    {
        var audited = evaluator.Evaluate(policy.Audit, pod);
        if (audited.Count > 0 && options.Audit is { } audit)
        {
            audit(new PodSecurityAuditEvent(request.User.Name, request.Type.GroupResource, request.Namespace, request.Name, AuditViolationsAnnotation,
                $"would violate PodSecurity \"{policy.Audit}\": {PodSecurityEvaluator.Describe(audited)}"));
        }
        var warned = policy.Warn == policy.Audit ? audited : evaluator.Evaluate(policy.Warn, pod);
        if (warned.Count > 0) request.Warn($"would violate PodSecurity \"{policy.Warn}\": {PodSecurityEvaluator.Describe(warned)}");
    }

    private bool Exempt(AdmissionRequest request) =>
        options.ExemptNamespaces.Contains(request.Namespace, StringComparer.Ordinal) || options.ExemptUsernames.Contains(request.User.Name, StringComparer.Ordinal);

    private bool ExemptRuntimeClass(PodView pod) =>
        PodView.Text(pod.Spec["runtimeClassName"]) is { Length: > 0 } runtimeClass && options.ExemptRuntimeClasses.Contains(runtimeClass, StringComparer.Ordinal);

    /// <summary>The namespace's policy; null when it checks nothing (or the namespace is gone: the write fails elsewhere).</summary>
    private PodSecurityPolicy? Policy(string ns)
    {
        if (context.Store.Get(BuiltInResources.Namespaces, "", ns) is not { } stored) return null;
        var (policy, _) = PodSecurityPolicy.FromLabels(stored.View["metadata"]?["labels"] as JsonObject, options.Defaults);
        return policy.FullyPrivileged ? null : policy;
    }

    /// <summary>isSignificantPodUpdate: a change of any image, of the container lists' lengths, or of the seccomp annotations.</summary>
    private static bool SignificantUpdate(JsonObject pod, JsonObject old)
    {
        if (Text(pod, "metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod") != Text(old, "metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod")) return true;
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            var now = pod["spec"]?[list] as JsonArray ?? [];
            var before = old["spec"]?[list] as JsonArray ?? [];
            if (now.Count != before.Count) return true;
            for (var i = 0; i < now.Count; i++)
            {
                if (PodView.Text(now[i]?["image"]) != PodView.Text(before[i]?["image"])) return true;
                var key = "container.seccomp.security.alpha.kubernetes.io/" + PodView.Text(now[i]?["name"]);
                if (Text(pod, "metadata", "annotations", key) != Text(old, "metadata", "annotations", key)) return true;
            }
        }
        return false;
    }

    private static string? Text(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var step in path) node = node?[step];
        return PodView.Text(node);
    }

    private static int ServerMinor(string version) =>
        int.TryParse(version.AsSpan(version.IndexOf('.', StringComparison.Ordinal) + 1), System.Globalization.CultureInfo.InvariantCulture, out var minor) ? minor : 33;
}
