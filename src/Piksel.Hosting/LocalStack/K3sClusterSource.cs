using System.Text;
using System.Text.Json;
using k8s;
using Piksel.Hosting.Clusters;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// A k3s cluster as an <see cref="IClusterSource"/>: the API server and CA from the kubeconfig k3s writes
/// (<c>/etc/rancher/k3s/k3s.yaml</c>, its server rewritten to the mapped port), the harness's requests authenticated
/// with a bearer token the API server was started with (a static token of <c>system:masters</c>), and a person's
/// kubeconfig holding k3s's admin client certificate, as k3s hands it out.
/// </summary>
public sealed class K3sClusterSource : IClusterSource, IDisposable
{
    private readonly SensitiveString token;
    private readonly ClientCertificateCredential admin;
    private readonly Lazy<IKubernetes> client;

    private K3sClusterSource(Uri server, string certificateAuthorityData, ClientCertificateCredential admin, SensitiveString token)
    {
        Server = server;
        CertificateAuthorityData = certificateAuthorityData;
        this.admin = admin;
        this.token = token;
        client = new Lazy<IKubernetes>(() => KubernetesClientFactory.FromConnection(Connection));
    }

    /// <summary>The API server, as this machine reaches it.</summary>
    public Uri Server { get; }

    /// <summary>The cluster's CA bundle, base64 PEM as kubeconfig holds it.</summary>
    public string CertificateAuthorityData { get; }

    /// <summary>The harness's client of the cluster (the static token), made once and disposed with the source.</summary>
    internal IKubernetes Client => client.Value;

    private KubernetesConnection Connection => new(Server, CertificateAuthorityData, _ => ValueTask.FromResult(token));

    /// <summary>
    /// A source over the admin kubeconfig <paramref name="kubeconfig"/> k3s wrote (its first cluster and user) and the
    /// static bearer <paramref name="token"/> the API server accepts for the harness.
    /// </summary>
    /// <exception cref="FormatException">The kubeconfig has no server, CA or client certificate.</exception>
    public static K3sClusterSource FromKubeconfig(string kubeconfig, SensitiveString token)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        ArgumentNullException.ThrowIfNull(token);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        var config = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var cluster = config.Clusters?.FirstOrDefault()?.ClusterEndpoint;
        var user = config.Users?.FirstOrDefault()?.UserCredentials;
        if (cluster is not { Server: { Length: > 0 } server, CertificateAuthorityData: { Length: > 0 } ca }
            || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
        {
            throw new FormatException("The k3s kubeconfig names no API server or no certificate-authority-data.");
        }

        if (user is not { ClientCertificateData: { Length: > 0 } certificate, ClientKeyData: { Length: > 0 } key })
        {
            throw new FormatException("The k3s kubeconfig's user has no client-certificate-data or client-key-data.");
        }

        return new K3sClusterSource(serverUri, ca, new ClientCertificateCredential(certificate, new SensitiveString(key)), token);
    }

    /// <inheritdoc />
    public ValueTask<KubernetesConnection> ConnectAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Connection);

    /// <inheritdoc />
    public ValueTask<ClusterKubeconfig> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        return ValueTask.FromResult(new ClusterKubeconfig(clusterName, Server, CertificateAuthorityData, $"{clusterName}-admin", admin));
    }

    /// <inheritdoc />
    public async ValueTask<Uri> GetIssuerAsync(CancellationToken cancellationToken)
    {
        // What the API server says in its discovery document, not what it was asked to say: k3s may merge flags.
        var discovery = await Client.WellKnown.GetServiceAccountIssuerOpenIDConfigurationAsync(cancellationToken);
        return IssuerOf(discovery);
    }

    /// <summary>The <c>issuer</c> of an OpenID discovery document.</summary>
    /// <exception cref="FormatException">The document names no absolute issuer.</exception>
    internal static Uri IssuerOf(string discovery)
    {
        try
        {
            using var document = JsonDocument.Parse(discovery);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("issuer", out var issuer)
                && issuer.ValueKind == JsonValueKind.String
                && Uri.TryCreate(issuer.GetString(), UriKind.Absolute, out var uri))
            {
                return uri;
            }
        }
        catch (JsonException e)
        {
            throw new FormatException("The API server's OpenID discovery document is not JSON.", e);
        }

        throw new FormatException("The API server's OpenID discovery document names no issuer.");
    }

    /// <summary>Disposes the client made for discovery.</summary>
    public void Dispose()
    {
        if (client.IsValueCreated) client.Value.Dispose();
    }
}
