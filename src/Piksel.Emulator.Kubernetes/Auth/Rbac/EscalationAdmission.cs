using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// RBAC's escalation prevention on role and binding writes (kubernetes <c>pkg/registry/rbac/*/policybased</c>): a Role
/// or ClusterRole may only grant what its writer holds, unless the writer is in <c>system:masters</c> or may
/// <c>escalate</c> it; an aggregationRule needs full authority; a binding needs <c>bind</c> on its role or the role's
/// rules. A binding's roleRef cannot change (422). It runs first among the plugins, as the registry checks before
/// admission.
/// </summary>
public sealed class EscalationAdmission(RbacAuthorizer rbac) : IAdmissionPlugin
{
    private static readonly PolicyRule[] FullAuthority = [PolicyRule.For(["*"], ["*"], "*"), PolicyRule.ForUrls(["*"], "*")];

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == AdmissionOperation.Delete || request.Type.Group != RbacObjects.Group || request.Subresource is not null)
            return ValueTask.CompletedTask;
        var type = request.Type;
        if ((type == BuiltInResources.RoleBindings || type == BuiltInResources.ClusterRoleBindings) && request.OldObject is { } old
            && !JsonNode.DeepEquals(old["roleRef"], request.Object["roleRef"]))
        {
            throw StatusException.Invalid(type, request.Name, ("roleRef", "FieldValueInvalid", $"Invalid value: {GoRoleRef(request.Object["roleRef"])}: cannot change roleRef"));
        }
        if (request.User.Groups.Contains("system:masters")) return ValueTask.CompletedTask;
        var ns = type.Namespaced ? request.Namespace : "";
        if (type == BuiltInResources.Roles || type == BuiltInResources.ClusterRoles) CheckRole(request, ns);
        else if (type == BuiltInResources.RoleBindings || type == BuiltInResources.ClusterRoleBindings) CheckBinding(request, ns);
        return ValueTask.CompletedTask;
    }

    private void CheckRole(AdmissionRequest request, string ns)
    {
        var rules = PolicyRule.RulesOf(request.Object);
        if (request.OldObject is { } old && PolicyRule.RulesOf(old).SequenceEqual(rules)
            && JsonNode.DeepEquals(old["aggregationRule"], request.Object["aggregationRule"]))
        {
            return;
        }
        if (Allowed(request, "escalate", request.Type.Plural, ns, request.Name)) return;
        Confirm(request, ns, rules);
        if (request.Type == BuiltInResources.ClusterRoles && request.Object["aggregationRule"] is not null
            && RuleCoverage.Missing(rbac.RulesFor(request.User, ns), FullAuthority.Take(1)).Count > 0)
        {
            throw AccessDenied.Forbidden(request.Type.GroupResource, request.Type.Group, request.Name, "must have cluster-admin privileges to use the aggregationRule");
        }
    }

    private void CheckBinding(AdmissionRequest request, string ns)
    {
        var kind = request.Object["roleRef"]?["kind"]?.GetValue<string>() ?? "";
        var name = request.Object["roleRef"]?["name"]?.GetValue<string>() ?? "";
        var roleType = kind == "Role" ? BuiltInResources.Roles : BuiltInResources.ClusterRoles;
        if (Allowed(request, "bind", roleType.Plural, ns, name)) return;
        var role = rbac.Store.Get(roleType, kind == "Role" ? ns : "", name);
        if (role is null)
        {
            var notFound = $"{roleType.GroupResource} \"{name}\" not found";
            throw AccessDenied.Forbidden(request.Type.GroupResource, request.Type.Group, request.Name, notFound);
        }
        Confirm(request, ns, PolicyRule.RulesOf(role.View));
    }

    private bool Allowed(AdmissionRequest request, string verb, string resource, string ns, string name) =>
        rbac.Authorize(new RequestAttributes(request.User, verb, RbacObjects.Group, resource, null, ns.Length == 0 ? null : ns, name)) is null;

    private void Confirm(AdmissionRequest request, string ns, IReadOnlyList<PolicyRule> rules)
    {
        var missing = RuleCoverage.Missing(rbac.RulesFor(request.User, ns), rules);
        if (missing.Count == 0) return;
        var lines = missing.Select(r => r.CompactString()).Distinct().Order(StringComparer.Ordinal);
        var message = $"user \"{request.User.Name}\" (groups={PolicyRule.GoQuoted(request.User.Groups)}) is attempting to grant RBAC permissions not currently held:\n{string.Join('\n', lines)}";
        throw AccessDenied.Forbidden(request.Type.GroupResource, request.Type.Group, request.Name, message);
    }

    /// <summary>Go's <c>%#v</c> of the internal RoleRef, as field.Invalid prints it.</summary>
    private static string GoRoleRef(JsonNode? roleRef) =>
        $"rbac.RoleRef{{APIGroup:\"{roleRef?["apiGroup"]?.GetValue<string>()}\", Kind:\"{roleRef?["kind"]?.GetValue<string>()}\", Name:\"{roleRef?["name"]?.GetValue<string>()}\"}}";
}
