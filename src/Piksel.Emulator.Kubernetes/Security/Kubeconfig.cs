using System.Text;

namespace Piksel.Emulator.Kubernetes.Security;

/// <summary>Writes a kubeconfig kubectl and KubernetesClient use as they are: the cluster's CA, its endpoint and the admin's client certificate.</summary>
public static class Kubeconfig
{
    /// <summary>The kubeconfig YAML for <paramref name="clusterName"/> at <paramref name="server"/>.</summary>
    public static string Render(string clusterName, Uri server, ClusterCertificates certificates)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        var ca = B64(certificates.Authority.ExportCertificatePem());
        var cert = B64(certificates.AdminClient.ExportCertificatePem());
        var key = B64(ClusterCertificates.PrivateKeyPem(certificates.AdminClient));
        var user = $"{clusterName}-admin";
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {clusterName}
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                client-certificate-data: {cert}
                client-key-data: {key}
            contexts:
            - name: {clusterName}
              context:
                cluster: {clusterName}
                user: {user}
                namespace: default
            current-context: {clusterName}
            preferences: {"{}"}

            """;
    }

    /// <summary>
    /// Writes the kubeconfig to <paramref name="path"/>, owner-only from the moment it exists (it holds the admin key);
    /// a missing folder is made owner-only too.
    /// </summary>
    public static void Write(string path, string clusterName, Uri server, ClusterCertificates certificates)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) PrivateFiles.CreateDirectory(dir);
        PrivateFiles.WriteAllText(path, Render(clusterName, server, certificates));
    }
}
