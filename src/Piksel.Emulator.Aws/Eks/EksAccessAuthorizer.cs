using System.Runtime.CompilerServices;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>What an EKS token's access entry grants: its access policies, and whether it also names Kubernetes groups for RBAC.</summary>
internal sealed record EksAccessGrant(IReadOnlyList<EksAssociatedPolicy> Policies, bool HasGroups);

/// <summary>
/// EKS's access-policy authorizer (its authorizer webhook), in front of the cluster's own RBAC: a request is allowed
/// when an access policy associated with the caller's access entry covers it (within its scope), and otherwise goes to
/// RBAC, where the entry's Kubernetes groups are bound — the union of both, as in EKS.
/// </summary>
internal sealed class EksAccessAuthorizer(IRequestAuthorizer inner, ConditionalWeakTable<UserInfo, EksAccessGrant> grants) : IRequestAuthorizer
{
    private const string WebhookRulesError = "webhook authorizer does not support user rule resolution";
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    /// <inheritdoc />
    public string? Authorize(RequestAttributes attributes)
    {
        if (attributes.Path is null && grants.TryGetValue(attributes.User, out var grant) && grant.Policies.Any(p => Allows(p, attributes))) return null;
        return inner.Authorize(attributes);
    }

    /// <inheritdoc />
    /// <remarks>EKS serves access policies through an authorization webhook, whose rules kube-apiserver cannot list.</remarks>
    public string? RuleResolutionError =>
        inner.RuleResolutionError is { } more ? $"{WebhookRulesError}, {more}" : WebhookRulesError;

    /// <summary>Whether one associated policy covers the request, after EKS's policies (cluster-admin, admin, edit, view, admin-view).</summary>
    private static bool Allows(EksAssociatedPolicy policy, RequestAttributes request)
    {
        var isNamespace = request.Group.Length == 0 && request.Resource == "namespaces";
        var ns = isNamespace ? request.Name : request.Namespace;
        var clusterWide = string.IsNullOrEmpty(ns);
        if (policy.ScopeType == "namespace" && (clusterWide || !policy.Namespaces.Any(pattern => Matches(pattern, ns!)))) return false;

        var read = ReadVerbs.Contains(request.Verb);
        var rbac = request.Group == "rbac.authorization.k8s.io";
        var secrets = request.Group.Length == 0 && request.Resource == "secrets";
        // Namespaced policies (admin, edit) act in namespaces; across the cluster they only read namespaces.
        var inNamespaces = !clusterWide || (read && (isNamespace || !string.IsNullOrEmpty(request.Namespace) || request.Resource is not ("nodes" or "persistentvolumes")));
        return EksAccessPolicies.NameOf(policy.PolicyArn) switch
        {
            "AmazonEKSClusterAdminPolicy" => true,
            "AmazonEKSAdminViewPolicy" => read,
            "AmazonEKSAdminPolicy" => inNamespaces && !(isNamespace && !read),
            "AmazonEKSEditPolicy" => inNamespaces && !rbac && !(isNamespace && !read),
            "AmazonEKSViewPolicy" => read && !secrets && !rbac,
            _ => false,
        };
    }

    /// <summary>EKS namespace patterns may end in <c>*</c> (<c>dev-*</c>).</summary>
    private static bool Matches(string pattern, string ns) =>
        pattern.EndsWith('*') ? ns.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == ns;
}
