using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>Controllers pick up work left half done when the server stopped: they list everything again at start.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "piksel-k8s-restart-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    private static k8s.Kubernetes Client(KubeApiServer server)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    [Fact]
    public async Task A_namespace_deletion_and_an_owner_deletion_started_before_a_restart_finish_after_it()
    {
        var options = new KubeApiServerOptions { DataDirectory = dataDir };
        await using (var server = await KubeApiServer.StartAsync(options, cancellationToken: Ct))
        {
            using var k = Client(server);
            await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "leaving" } }, cancellationToken: Ct);
            await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } }, "leaving", cancellationToken: Ct);
            await k.CoreV1.DeleteNamespaceAsync("leaving", cancellationToken: Ct);
            await server.SettleAsync(cancellationToken: Ct);
            Assert.Equal("Terminating", (await k.CoreV1.ReadNamespaceAsync("leaving", cancellationToken: Ct)).Status.Phase);
        }

        // While the server is down, an owner goes (as if removed before the collector saw it): written straight to storage.
        await using (var server = await KubeApiServer.StartAsync(options, cancellationToken: Ct))
        {
            using var k = Client(server);
            await server.SettleAsync(cancellationToken: Ct);
            var owner = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, "default", cancellationToken: Ct);
            await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = "dependent", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }] },
            }, "default", cancellationToken: Ct);
            await server.SettleAsync(cancellationToken: Ct);
            var held = await k.CoreV1.ReadNamespacedConfigMapAsync("held", "leaving", cancellationToken: Ct);
            held.Metadata.Finalizers = [];
            await k.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", "leaving", cancellationToken: Ct);
            await server.SettleAsync(cancellationToken: Ct);
            var gone = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespaceAsync("leaving", cancellationToken: Ct));
            Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
        }
        using (var store = new Piksel.Emulator.Kubernetes.Storage.ObjectStore(Path.Combine(dataDir, "objects"), new Api.ResourceCatalog(Api.BuiltInResources.All).FindGroupResource))
            store.Remove(Api.BuiltInResources.ConfigMaps, "default", "owner");

        await using (var server = await KubeApiServer.StartAsync(options, cancellationToken: Ct))
        {
            using var k = Client(server);
            await server.SettleAsync(cancellationToken: Ct);
            var missing = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("dependent", "default", cancellationToken: Ct));
            Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
            // The system namespaces and the node were not created twice.
            Assert.Single((await k.CoreV1.ListNodeAsync(cancellationToken: Ct)).Items);
            Assert.Single((await k.CoreV1.ListNamespaceAsync(cancellationToken: Ct)).Items, n => n.Metadata.Name == "default");
        }
    }
}
