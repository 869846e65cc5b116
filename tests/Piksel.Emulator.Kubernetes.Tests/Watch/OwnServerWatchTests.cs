using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Tests.Watch;

/// <summary>Watch behaviour that needs a server of its own: bookmark timing and the end of streams at shutdown.</summary>
public sealed class OwnServerWatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static k8s.Kubernetes ClientOf(KubeApiServer server)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    [Fact]
    public async Task Bookmarks_arrive_periodically_with_only_a_resourceVersion()
    {
        await using var server = await KubeApiServer.StartAsync(cancellationToken: Ct);
        server.State.Store.BookmarkInterval = TimeSpan.FromMilliseconds(200);
        using var k = ClientOf(server);
        await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bm" } }, cancellationToken: Ct);
        // Only "x": the root-CA publisher adds kube-root-ca.crt to a new namespace at a moment of its own.
        const string onlyX = "metadata.name=x";
        var from = (await k.CoreV1.ListNamespacedConfigMapAsync("bm", fieldSelector: onlyX, cancellationToken: Ct)).Metadata.ResourceVersion;
        await using var watch = new EventRecorder<V1ConfigMap>((onError, ct) =>
            k.CoreV1.WatchListNamespacedConfigMapAsync("bm", allowWatchBookmarks: true, fieldSelector: onlyX, resourceVersion: from, onError: onError, cancellationToken: ct));

        var bookmark = await watch.NextAsync(5);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Null(bookmark.Object.Metadata.Name);
        // The store's latest version, as the watch cache's is: at least where the watch began, more when the namespace's
        // controllers (root CA, default service account) wrote to it in between.
        Assert.True(long.Parse(bookmark.Object.Metadata.ResourceVersion, CultureInfo.InvariantCulture) >= long.Parse(from, CultureInfo.InvariantCulture), "a bookmark never goes back behind where the watch began");

        var created = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "bm", cancellationToken: Ct);
        (WatchEventType Type, V1ConfigMap Object) next;
        do next = await watch.NextAsync(5); while (next.Type == WatchEventType.Bookmark);
        Assert.Equal(WatchEventType.Added, next.Type);
        var after = await watch.NextAsync(5);
        Assert.Equal(WatchEventType.Bookmark, after.Type);
        Assert.True(long.Parse(after.Object.Metadata.ResourceVersion, CultureInfo.InvariantCulture) >= long.Parse(created.Metadata.ResourceVersion, CultureInfo.InvariantCulture), "a bookmark never goes back behind an event already sent");
    }

    [Fact]
    public async Task Without_allowWatchBookmarks_no_bookmark_is_sent()
    {
        await using var server = await KubeApiServer.StartAsync(cancellationToken: Ct);
        server.State.Store.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        using var k = ClientOf(server);
        var from = (await k.CoreV1.ListNamespaceAsync(cancellationToken: Ct)).Metadata.ResourceVersion;
        await using var watch = new EventRecorder<V1Namespace>((onError, ct) =>
            k.CoreV1.WatchListNamespaceAsync(resourceVersion: from, onError: onError, cancellationToken: ct));
        Assert.True(await watch.QuietForAsync(0.6));
    }

    [Fact]
    public async Task Stopping_the_server_ends_open_watches_promptly()
    {
        var server = await KubeApiServer.StartAsync(cancellationToken: Ct);
        using var k = ClientOf(server);
        var from = (await k.CoreV1.ListNamespaceAsync(cancellationToken: Ct)).Metadata.ResourceVersion;
        await using var watch = new EventRecorder<V1Namespace>((onError, ct) =>
            k.CoreV1.WatchListNamespaceAsync(resourceVersion: from, onError: onError, cancellationToken: ct));
        await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "seen" } }, cancellationToken: Ct);
        Assert.Equal(WatchEventType.Added, (await watch.NextAsync()).Type);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();
        await watch.Closed.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stop took {clock.Elapsed}");
    }
}
