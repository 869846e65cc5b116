using System.Text.Json.Nodes;
using k8s;
using Piksel.Emulator.Kubernetes;
using Piksel.Hosting.Clusters;
using Piksel.Hosting.Database;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.LocalStack;

/// <summary>
/// The CRDs k3s is given once it is up (External Secrets', Karpenter's, Flux's): installed through the Kubernetes API
/// by server-side apply and awaited until Established; shown against an API server that starts without them, and on
/// k3s itself where Docker runs.
/// </summary>
public sealed class K3sCrdsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Groups = ["external-secrets.io", "karpenter.sh", "karpenter.k8s.aws", "kustomize.toolkit.fluxcd.io", "source.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io"];

    [Fact]
    public async Task A_cluster_without_them_serves_every_kind_once_installed_and_installing_again_changes_nothing()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions(), cancellationToken: Ct);
        using var client = KubernetesClientFactory.FromKubeconfig(server.Kubeconfig);
        Assert.DoesNotContain((await client.Apis.GetAPIVersionsAsync(Ct)).Groups, g => g.Name == "karpenter.sh");

        await CrdInstaller.InstallAsync(client, K3sCluster.CustomResourceDefinitions, CrdInstaller.DefaultTimeout, TimeProvider.System, Ct);

        await AssertServedAsync(client);
        var generations = await GenerationsAsync(client);
        await CrdInstaller.InstallAsync(client, K3sCluster.CustomResourceDefinitions, CrdInstaller.DefaultTimeout, TimeProvider.System, Ct);
        Assert.Equal(generations, await GenerationsAsync(client));
    }

    [Fact]
    public async Task A_definition_the_server_refuses_is_named()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions(), cancellationToken: Ct);
        using var client = KubernetesClientFactory.FromKubeconfig(server.Kubeconfig);
        var broken = K3sCluster.CustomResourceDefinitions[0];
        broken["spec"]!["versions"] = new JsonArray();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CrdInstaller.InstallAsync(client, [broken], CrdInstaller.DefaultTimeout, TimeProvider.System, Ct));

        Assert.StartsWith("The cluster refused the CustomResourceDefinition externalsecrets.external-secrets.io (422)", e.Message, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task K3s_serves_them_as_soon_as_it_is_started()
    {
        await using var cluster = await K3sCluster.StartAsync("ap-southeast-3", DockerDaemon.DefaultEndpoint, Ct);
        using var client = KubernetesClientFactory.FromConnection(await cluster.Source.ConnectAsync(Ct));

        await AssertServedAsync(client);
    }

    private static async Task AssertServedAsync(IKubernetes client)
    {
        var served = (await client.Apis.GetAPIVersionsAsync(Ct)).Groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(Groups, g => Assert.Contains(g, served));
        foreach (var crd in K3sCluster.CustomResourceDefinitions)
        {
            var live = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd["metadata"]!["name"]!.GetValue<string>(), cancellationToken: Ct);
            Assert.Contains(live.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        }
    }

    private static async Task<Dictionary<string, long?>> GenerationsAsync(IKubernetes client) =>
        (await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: Ct)).Items.ToDictionary(c => c.Metadata.Name, c => c.Metadata.Generation, StringComparer.Ordinal);
}
