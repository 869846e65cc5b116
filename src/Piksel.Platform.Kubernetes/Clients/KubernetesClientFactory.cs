using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Authentication;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Kubernetes.Clients;

/// <summary>Builds KubernetesClient <see cref="IKubernetes"/> instances from a kubeconfig or from a <see cref="KubernetesConnection"/>.</summary>
public static class KubernetesClientFactory
{
    /// <summary>A client from kubeconfig text (its current context).</summary>
    public static IKubernetes FromKubeconfig(string kubeconfig)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    /// <summary>
    /// A client for the API server of <paramref name="connection"/>, trusting only its CA and asking the connection for
    /// a fresh bearer token on every request (EKS tokens expire after 15 minutes).
    /// </summary>
    public static IKubernetes FromConnection(KubernetesConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var config = new KubernetesClientConfiguration
        {
            Host = connection.Server.ToString(),
            SslCaCerts = CertificatesOf(connection.CertificateAuthorityData),
            TokenProvider = new ConnectionTokenProvider(connection),
        };
        return new k8s.Kubernetes(config);
    }

    /// <summary>The certificates of a base64 PEM bundle, as kubeconfig's <c>certificate-authority-data</c> holds it.</summary>
    public static X509Certificate2Collection CertificatesOf(string certificateAuthorityData)
    {
        var pem = Encoding.UTF8.GetString(Convert.FromBase64String(certificateAuthorityData));
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }

    private sealed class ConnectionTokenProvider(KubernetesConnection connection) : ITokenProvider
    {
        public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
        {
            var token = await connection.GetTokenAsync(cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token.Reveal());
        }
    }
}
