using System.Text;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.LocalStack;

/// <summary>The k3s cluster as an IClusterSource, from the kubeconfig k3s writes; and the API server flags that give it an OIDC issuer.</summary>
public sealed class K3sClusterSourceTests
{
    private static readonly string Ca = Convert.ToBase64String(Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n"));
    private static readonly string Cert = Convert.ToBase64String(Encoding.UTF8.GetBytes("client-cert"));
    private static readonly string Key = Convert.ToBase64String(Encoding.UTF8.GetBytes("client-key"));

    /// <summary>The shape of /etc/rancher/k3s/k3s.yaml, its server rewritten to the mapped port as Testcontainers.K3s does.</summary>
    private static string K3sKubeconfig(string? ca = null, string? key = null) => $"""
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: {ca ?? Ca}
            server: https://127.0.0.1:32771
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        kind: Config
        preferences: {"{}"}
        users:
        - name: default
          user:
            client-certificate-data: {Cert}
            client-key-data: {key ?? Key}
        """;

    [Fact]
    public async Task The_harness_connects_with_its_token_and_a_person_gets_the_admin_certificate()
    {
        using var source = K3sClusterSource.FromKubeconfig(K3sKubeconfig(), new SensitiveString("harness-token"));
        var ct = TestContext.Current.CancellationToken;

        var connection = await source.ConnectAsync(ct);
        Assert.Equal(new Uri("https://127.0.0.1:32771"), connection.Server);
        Assert.Equal(Ca, connection.CertificateAuthorityData);
        Assert.Equal("harness-token", (await connection.GetTokenAsync(ct)).Reveal());

        var kubeconfig = await source.GetKubeconfigAsync("piksel-local", ct);
        Assert.Equal("piksel-local", kubeconfig.ClusterName);
        Assert.Equal(connection.Server, kubeconfig.Server);
        var credential = Assert.IsType<ClientCertificateCredential>(kubeconfig.Credential);
        Assert.Equal(Cert, credential.CertificateData);
        Assert.Equal(Key, credential.KeyData.Reveal());
    }

    [Fact]
    public void A_kubeconfig_without_a_CA_or_a_client_key_is_refused_saying_what_is_missing()
    {
        var noCa = Assert.Throws<FormatException>(() => K3sClusterSource.FromKubeconfig(K3sKubeconfig(ca: "\"\""), new SensitiveString("t")));
        Assert.Contains("certificate-authority-data", noCa.Message, StringComparison.Ordinal);
        var noKey = Assert.Throws<FormatException>(() => K3sClusterSource.FromKubeconfig(K3sKubeconfig(key: "\"\""), new SensitiveString("t")));
        Assert.Contains("client-key-data", noKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_issuer_is_read_from_the_discovery_document_and_a_bad_one_is_a_format_error()
    {
        Assert.Equal(
            new Uri("https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"),
            K3sClusterSource.IssuerOf("""{"issuer":"https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF","jwks_uri":"x"}"""));
        Assert.Throws<FormatException>(() => K3sClusterSource.IssuerOf("not json"));
        Assert.Throws<FormatException>(() => K3sClusterSource.IssuerOf("""{"jwks_uri":"x"}"""));
        Assert.Throws<FormatException>(() => K3sClusterSource.IssuerOf("""["issuer"]"""));
    }

    [Fact]
    public void The_API_server_gets_an_EKS_shaped_issuer_its_JWKS_and_audiences_as_k3s_takes_kube_apiserver_flags()
    {
        var issuer = K3sCluster.NewIssuer("eu-west-1");
        Assert.Matches("^https://oidc\\.eks\\.eu-west-1\\.amazonaws\\.com/id/[0-9A-F]{32}$", issuer.ToString());
        Assert.NotEqual(issuer, K3sCluster.NewIssuer("eu-west-1"));

        var arguments = K3sCluster.ApiServerArguments(issuer);
        Assert.Contains($"--kube-apiserver-arg=service-account-issuer={issuer}", arguments);
        Assert.Contains($"--kube-apiserver-arg=service-account-jwks-uri={issuer}/openid/v1/jwks", arguments);
        Assert.Contains(arguments, a => a.StartsWith("--kube-apiserver-arg=api-audiences=", StringComparison.Ordinal));
        Assert.Contains(arguments, a => a.StartsWith("--kube-apiserver-arg=token-auth-file=", StringComparison.Ordinal));
        Assert.Equal("s3cret,piksel-harness,piksel-harness,\"system:masters\"\n", K3sCluster.TokenFileLine(new SensitiveString("s3cret")));
    }
}
