namespace Piksel.Platform.Providers;

/// <summary>
/// What a kubeconfig for one cluster holds, as kubectl uses it: the API server, its CA, and the user with the
/// credential it authenticates with. One cluster, one user, one context named after the cluster.
/// </summary>
/// <param name="ClusterName">The cluster's name, which also names the kubeconfig's cluster and context.</param>
/// <param name="Server">The API server URL.</param>
/// <param name="CertificateAuthorityData">The CA bundle, base64 PEM as kubeconfig holds it.</param>
/// <param name="UserName">The kubeconfig's user entry.</param>
/// <param name="Credential">How that user authenticates.</param>
public sealed record ClusterKubeconfig(
    string ClusterName,
    Uri Server,
    string CertificateAuthorityData,
    string UserName,
    KubeconfigCredential Credential);
