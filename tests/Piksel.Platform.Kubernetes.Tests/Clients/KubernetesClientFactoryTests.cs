using k8s;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Kubernetes.Tests.Clients;

[Collection(KubeCollection.Name)]
public sealed class KubernetesClientFactoryTests(KubeFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connection_with_the_CA_and_a_bearer_token_reaches_the_server()
    {
        var calls = 0;
        var connection = new KubernetesConnection(fixture.Server.Endpoint, fixture.CertificateAuthorityData, _ =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(new SensitiveString(fixture.Server.State.Options.AdminToken));
        });
        using var client = KubernetesClientFactory.FromConnection(connection);

        var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: Ct);

        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        Assert.True(calls >= 1);
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        var connection = new KubernetesConnection(fixture.Server.Endpoint, fixture.CertificateAuthorityData, _ => ValueTask.FromResult(new SensitiveString("wrong")));
        using var client = KubernetesClientFactory.FromConnection(connection);

        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.Response.StatusCode);
    }

    [Fact]
    public async Task The_strategy_source_gives_null_while_the_cluster_does_not_exist()
    {
        var strategy = new FakeStrategy(null);
        using var source = new ClusterStrategyClientSource(strategy);
        Assert.Null(await source.GetClientAsync("absent", Ct));

        strategy.Connection = new KubernetesConnection(fixture.Server.Endpoint, fixture.CertificateAuthorityData, _ => ValueTask.FromResult(new SensitiveString(fixture.Server.State.Options.AdminToken)));
        var client = await source.GetClientAsync("absent", Ct);
        Assert.NotNull(client);
        Assert.Same(client, await source.GetClientAsync("absent", Ct));
        await client.CoreV1.ReadNamespaceAsync("default", cancellationToken: Ct);
    }

    private sealed class FakeStrategy(KubernetesConnection? connection) : IClusterStrategy
    {
        public KubernetesConnection? Connection { get; set; } = connection;

        public ClusterStrategyKind Kind => ClusterStrategyKind.EksApi;

        public ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken) => ValueTask.FromResult(Connection);

        public ValueTask<ClusterKubeconfig?> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ClusterKubeconfig?>(null);
    }
}
