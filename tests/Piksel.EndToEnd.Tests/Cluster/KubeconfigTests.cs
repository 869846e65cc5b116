using k8s;
using Piksel.Emulator.Aws.Eks;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Cluster;

/// <summary>
/// The kubeconfig the provider's cluster strategy hands out (what <c>up</c> writes to <c>.piksel/&lt;env&gt;/kubeconfig</c>):
/// in the process that runs the cluster, the API server's own admin kubeconfig, byte for byte; from another process,
/// an <c>aws eks get-token</c> entry over what DescribeCluster reports.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KubeconfigTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task In_process_it_is_the_api_server_s_admin_kubeconfig_and_it_reaches_the_cluster()
    {
        var embedded = (EmbeddedProvider)fixture.Provider;
        var server = embedded.Emulator.Service<EksService>()!.FindServer(fixture.Settings.Account, fixture.Settings.Region, fixture.Names.Cluster)!;

        var kubeconfig = await fixture.Provider.Cluster.GetKubeconfigAsync(fixture.Names.Cluster, Ct);

        Assert.NotNull(kubeconfig);
        Assert.IsType<ClientCertificateCredential>(kubeconfig.Credential);
        var yaml = KubeconfigYaml.Render(kubeconfig);
        Assert.Equal(server.Kubeconfig, yaml);
        using var kube = KubernetesClientFactory.FromKubeconfig(yaml);
        var namespaces = await kube.CoreV1.ListNamespaceAsync(cancellationToken: Ct);
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "argo");
    }

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task There_is_none_for_a_cluster_that_does_not_exist()
    {

        Assert.Null(await fixture.Provider.Cluster.GetKubeconfigAsync("piksel-nowhere-cluster", Ct));
        await using var running = new RunningEnvironmentProvider(fixture.Settings, ((EmbeddedProvider)fixture.Provider).Endpoint);
        Assert.Null(await running.Cluster.GetKubeconfigAsync("piksel-nowhere-cluster", Ct));
    }

    [PlatformFact(ProviderCapabilities.InProcessEmulators)]
    public async Task From_another_process_it_runs_aws_eks_get_token_against_the_environment_s_endpoint()
    {
        var endpoint = ((EmbeddedProvider)fixture.Provider).Endpoint;
        await using var running = new RunningEnvironmentProvider(fixture.Settings, endpoint);
        var connection = await fixture.Provider.Cluster.ConnectAsync(fixture.Names.Cluster, Ct);

        var kubeconfig = await running.Cluster.GetKubeconfigAsync(fixture.Names.Cluster, Ct);

        Assert.NotNull(kubeconfig);
        Assert.Equal(connection!.Server, kubeconfig.Server);
        Assert.Equal(connection.CertificateAuthorityData, kubeconfig.CertificateAuthorityData);
        var exec = Assert.IsType<ExecCredential>(kubeconfig.Credential);
        Assert.Equal("aws", exec.Command);
        Assert.Equal(["--region", fixture.Settings.Region, "eks", "get-token", "--cluster-name", fixture.Names.Cluster, "--output", "json"], exec.Arguments);
        Assert.Equal([KeyValuePair.Create("AWS_ENDPOINT_URL", endpoint.ToString().TrimEnd('/'))], exec.Environment);
    }
}
