using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Tests.Kubeconfig;

/// <summary>The kubeconfig a cluster strategy hands out, rendered as the file kubectl reads.</summary>
public sealed class KubeconfigYamlTests
{
    private static readonly Uri Server = new("https://127.0.0.1:6443/");

    [Fact]
    public void A_client_certificate_kubeconfig_is_the_file_the_api_server_writes_for_its_admin()
    {
        var kubeconfig = new ClusterKubeconfig("piksel-local-cluster", Server, "Q0E=", "piksel-local-cluster-admin",
            new ClientCertificateCredential("Q0VSVA==", new SensitiveString("S0VZ")));

        Assert.Equal("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: piksel-local-cluster
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: Q0E=
            users:
            - name: piksel-local-cluster-admin
              user:
                client-certificate-data: Q0VSVA==
                client-key-data: S0VZ
            contexts:
            - name: piksel-local-cluster
              context:
                cluster: piksel-local-cluster
                user: piksel-local-cluster-admin
                namespace: default
            current-context: piksel-local-cluster
            preferences: {}

            """, KubeconfigYaml.Render(kubeconfig));
    }

    [Fact]
    public void An_aws_eks_get_token_kubeconfig_is_what_aws_eks_update_kubeconfig_writes_with_the_endpoint_set()
    {
        var kubeconfig = new ClusterKubeconfig("piksel-dev-cluster", Server, "Q0E=", "piksel-dev-cluster",
            ExecCredential.AwsEksGetToken("piksel-dev-cluster", "ap-southeast-3", new Uri("http://127.0.0.1:4566/")));

        var yaml = KubeconfigYaml.Render(kubeconfig);

        Assert.Contains("""
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
                  args:
                  - --region
                  - ap-southeast-3
                  - eks
                  - get-token
                  - --cluster-name
                  - piksel-dev-cluster
                  - --output
                  - json
                  env:
                  - name: AWS_ENDPOINT_URL
                    value: http://127.0.0.1:4566
            contexts:
            """, yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Against_aws_itself_the_exec_entry_sets_no_endpoint()
    {
        var credential = ExecCredential.AwsEksGetToken("piksel-production-cluster", "ap-southeast-3", null);

        Assert.Empty(credential.Environment);
        Assert.DoesNotContain("env:", KubeconfigYaml.Render(new ClusterKubeconfig("c", Server, "Q0E=", "c", credential)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- leading dash", "\"- leading dash\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("-1", "\"-1\"")]
    [InlineData("--region", "--region")]
    public void A_value_yaml_would_read_as_something_else_is_quoted(string value, string written)
    {
        var yaml = KubeconfigYaml.Render(new ClusterKubeconfig("c", Server, "Q0E=", "c", new ExecCredential("aws", [value], [])));

        Assert.Contains($"      - {written}\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_key_never_prints_itself()
    {
        var kubeconfig = new ClusterKubeconfig("c", Server, "Q0E=", "c-admin", new ClientCertificateCredential("Q0VSVA==", new SensitiveString("private-key-data")));

        Assert.DoesNotContain("private-key-data", kubeconfig.ToString(), StringComparison.Ordinal);
    }
}
