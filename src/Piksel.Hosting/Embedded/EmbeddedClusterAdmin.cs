using System.Text;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Kubernetes.Security;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// The admin kubeconfig of a cluster whose API server runs in this process's emulator: the server's endpoint, its CA
/// and the admin client certificate it issued, as the server's own kubeconfig holds them. A client certificate needs
/// no aws CLI and no token refresh, and stays valid across restarts (the certificates are kept with the state).
/// </summary>
internal sealed class EmbeddedClusterAdmin(AwsEmulator emulator, string account, string region)
{
    /// <summary>The admin kubeconfig of <paramref name="clusterName"/>, or null when its API server is not running.</summary>
    public ClusterKubeconfig? Find(string clusterName)
    {
        if (emulator.Service<EksService>()?.FindServer(account, region, clusterName) is not { } server)
        {
            return null;
        }

        var certificates = server.State.Certificates;
        var admin = certificates.AdminClient;
        return new ClusterKubeconfig(
            clusterName,
            server.Endpoint,
            Base64(certificates.Authority.ExportCertificatePem()),
            $"{clusterName}-admin",
            new ClientCertificateCredential(Base64(admin.ExportCertificatePem()), new SensitiveString(Base64(ClusterCertificates.PrivateKeyPem(admin)))));
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
