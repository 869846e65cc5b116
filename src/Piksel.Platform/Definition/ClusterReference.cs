using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>What other areas need of the cluster: where their Kubernetes objects go, and the OIDC provider IRSA trusts.</summary>
/// <param name="Name">The EKS cluster's name (Kubernetes objects name it as their cluster).</param>
/// <param name="Id">The cluster resource, which objects in it depend on.</param>
/// <param name="OidcProviderArn">The IAM OIDC provider's ARN, the federated principal of IRSA trust policies.</param>
/// <param name="OidcIssuerHost">The issuer without <c>https://</c>, the prefix of IRSA condition keys.</param>
internal sealed record ClusterReference(string Name, ResourceId Id, OutputRef OidcProviderArn, OutputRef OidcIssuerHost);
