using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Watch;

namespace Piksel.Emulator.Kubernetes.Tests.Storage;

/// <summary>A server with a data directory: acknowledged writes, versions and the watch window across restarts.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-k8s-durable-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<KubeApiServer> StartAsync() => KubeApiServer.StartAsync(new KubeApiServerOptions { DataDirectory = directory }, cancellationToken: Ct);

    private static k8s.Kubernetes ClientOf(KubeApiServer server)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    [Fact]
    public async Task Acknowledged_writes_survive_a_restart_and_versions_keep_growing()
    {
        var versions = new List<long>();
        string uid;
        await using (var server = await StartAsync())
        {
            using var k = ClientOf(server);
            await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "keep" } }, cancellationToken: Ct);
            var cm = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = "settings" },
                Data = new Dictionary<string, string> { ["html"] = "<b>&'\"</b> ünïcode ✓" },
            }, "keep", cancellationToken: Ct);
            versions.Add(long.Parse(cm.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
            uid = cm.Metadata.Uid;
            var gone = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "gone" } }, "keep", cancellationToken: Ct);
            versions.Add(long.Parse(gone.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
            await k.CoreV1.DeleteNamespacedConfigMapAsync("gone", "keep", cancellationToken: Ct);
            versions.Add(server.State.Store.ResourceVersion);
        }

        await using (var server = await StartAsync())
        {
            using var k = ClientOf(server);
            var read = await k.CoreV1.ReadNamespacedConfigMapAsync("settings", "keep", cancellationToken: Ct);
            Assert.Equal(uid, read.Metadata.Uid);
            Assert.Equal("<b>&'\"</b> ünïcode ✓", read.Data["html"]);
            Assert.Equal(versions[0].ToString(CultureInfo.InvariantCulture), read.Metadata.ResourceVersion);
            Assert.Equal(["kube-root-ca.crt", "settings"], (await k.CoreV1.ListNamespacedConfigMapAsync("keep", cancellationToken: Ct)).Items.Select(i => i.Metadata.Name).Order(StringComparer.Ordinal));

            var next = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "keep", cancellationToken: Ct);
            Assert.True(long.Parse(next.Metadata.ResourceVersion, CultureInfo.InvariantCulture) > versions.Max(), $"{next.Metadata.ResourceVersion} must be above {versions.Max()}");
        }
    }

    [Fact]
    public async Task Stored_bytes_are_served_identically_after_a_restart()
    {
        byte[] before;
        await using (var server = await StartAsync())
        {
            using var k = ClientOf(server);
            await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bytes" } }, cancellationToken: Ct);
            await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = "x", Annotations = new Dictionary<string, string> { ["a"] = "<>&+'\" é 日本" } },
            }, "bytes", cancellationToken: Ct);
            using var http = RawWatch.Client(server);
            before = await http.GetByteArrayAsync("/api/v1/namespaces/bytes/configmaps/x", Ct);
        }
        await using (var server = await StartAsync())
        {
            using var http = RawWatch.Client(server);
            Assert.Equal(Encoding.UTF8.GetString(before), Encoding.UTF8.GetString(await http.GetByteArrayAsync("/api/v1/namespaces/bytes/configmaps/x", Ct)));
        }
    }

    [Fact]
    public async Task A_watch_from_a_version_before_the_restart_is_Expired()
    {
        string old;
        await using (var server = await StartAsync())
        {
            using var k = ClientOf(server);
            var ns = await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "w" } }, cancellationToken: Ct);
            old = ns.Metadata.ResourceVersion;
            await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "w", cancellationToken: Ct);
        }
        await using (var server = await StartAsync())
        {
            var restartedAt = server.State.Store.OldestWatchableVersion;
            using var watch = await RawWatch.OpenAsync(server, $"/api/v1/namespaces/w/configmaps?watch=1&resourceVersion={old}", Ct);
            var error = await watch.EventAsync();
            Assert.Equal("ERROR", error["type"]!.GetValue<string>());
            Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
            // The window starts where the restart left off (controllers may have written since).
            var message = error["object"]!["message"]!.GetValue<string>();
            var floor = long.Parse(System.Text.RegularExpressions.Regex.Match(message, $@"^too old resource version: {old} \((\d+)\)$").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(floor >= restartedAt && floor > long.Parse(old, CultureInfo.InvariantCulture), message);

            // From the version the restart resumed at, a watch works and sees new writes.
            using var k = ClientOf(server);
            using var live = await RawWatch.OpenAsync(server, $"/api/v1/namespaces/w/configmaps?watch=1&resourceVersion={server.State.Store.ResourceVersion}", Ct);
            await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "y" } }, "w", cancellationToken: Ct);
            var added = await live.EventAsync();
            Assert.Equal("y", added["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Custom_objects_survive_a_restart_though_their_kind_is_served_only_from_their_stored_crd()
    {
        const string Crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: { name: gadgets.example.com }
            spec:
              group: example.com
              scope: Namespaced
              names: { plural: gadgets, singular: gadget, kind: Gadget }
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
            """;
        var gadget = new Dictionary<string, object> { ["apiVersion"] = "example.com/v1", ["kind"] = "Gadget", ["metadata"] = new Dictionary<string, object> { ["name"] = "kept" }, ["size"] = 3 };
        await using (var server = await KubeApiServer.CreateBuilder(new KubeApiServerOptions { DataDirectory = directory }).AddCustomResourceDefinitions([Crd]).StartAsync(cancellationToken: Ct))
        {
            using var k = ClientOf(server);
            await k.CustomObjects.CreateNamespacedCustomObjectAsync(gadget, "example.com", "v1", "default", "gadgets", cancellationToken: Ct);
        }

        // A server without the CRD in its builder: the kind comes back from the stored definition, and so does the object.
        await using (var server = await StartAsync())
        {
            using var k = ClientOf(server);
            var read = (System.Text.Json.JsonElement)await k.CustomObjects.GetNamespacedCustomObjectAsync("example.com", "v1", "default", "gadgets", "kept", cancellationToken: Ct);
            Assert.Equal(3, read.GetProperty("size").GetInt32());
        }
    }
}
