namespace Piksel.Platform.Spec.Aws;

/// <summary>An access policy associated with an access entry.</summary>
/// <param name="PolicyArn">e.g. <c>arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy</c>.</param>
/// <param name="ScopeType"><c>cluster</c> or <c>namespace</c>.</param>
/// <param name="Namespaces">The namespaces when the scope is <c>namespace</c>.</param>
public sealed record EksAccessPolicyAssociation(string PolicyArn, string ScopeType, IReadOnlyList<string> Namespaces);
