using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Watch;

/// <summary>Watch through KubernetesClient: event order, resourceVersion semantics, expiry, selectors, timeouts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WatchTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IKubernetes K => fixture.Client;

    private static V1ConfigMap ConfigMap(string name, string? app = null, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app } },
        Data = new Dictionary<string, string> { ["v"] = value },
    };

    private EventRecorder<V1ConfigMap> Watch(string ns, string? resourceVersion = null, string? fieldSelector = null, string? labelSelector = null, int? timeoutSeconds = null) =>
        new((onError, ct) => K.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: resourceVersion, fieldSelector: fieldSelector,
            labelSelector: labelSelector, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct));

    private async Task<string> ListVersionAsync(string ns) => (await K.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion;

    [Fact]
    public async Task Added_modified_deleted_arrive_in_order_with_growing_versions()
    {
        var ns = await fixture.NewNamespaceAsync("watch-order");
        await using var watch = Watch(ns, await ListVersionAsync(ns));

        var created = await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns, cancellationToken: Ct);
        created.Data["v"] = "2";
        var updated = await K.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", ns, cancellationToken: Ct);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("a", ns, cancellationToken: Ct);

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, created.Metadata.ResourceVersion), (added.Type, added.Object.Metadata.ResourceVersion));
        Assert.Equal((WatchEventType.Modified, "2"), (modified.Type, modified.Object.Data["v"]));
        Assert.Equal(updated.Metadata.ResourceVersion, modified.Object.Metadata.ResourceVersion);
        Assert.Equal(WatchEventType.Deleted, deleted.Type);
        Assert.Equal("a", deleted.Object.Metadata.Name);
        Assert.True(long.Parse(deleted.Object.Metadata.ResourceVersion, CultureInfo.InvariantCulture) > long.Parse(updated.Metadata.ResourceVersion, CultureInfo.InvariantCulture), "a DELETED event carries a new resourceVersion");
        Assert.True(await watch.QuietForAsync(0.3));
    }

    [Fact]
    public async Task Without_a_version_the_current_objects_come_first_as_ADDED()
    {
        var ns = await fixture.NewNamespaceAsync("watch-initial");
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns, cancellationToken: Ct);
        // The namespace controller adds kube-root-ca.crt: let it finish so the initial state is known.
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        await using var watch = Watch(ns);

        var first = await watch.NextAsync();
        var second = await watch.NextAsync();
        var system = await watch.NextAsync();
        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b"), (WatchEventType.Added, "kube-root-ca.crt")],
            new[] { (first.Type, first.Object.Metadata.Name), (second.Type, second.Object.Metadata.Name), (system.Type, system.Object.Metadata.Name) });
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns, cancellationToken: Ct);
        var third = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, "c"), (third.Type, third.Object.Metadata.Name));
    }

    [Fact]
    public async Task From_a_resourceVersion_only_later_events_arrive()
    {
        var ns = await fixture.NewNamespaceAsync("watch-from");
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("early"), ns, cancellationToken: Ct);
        var mark = await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mark"), ns, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("late"), ns, cancellationToken: Ct);

        await using var watch = Watch(ns, mark.Metadata.ResourceVersion);
        var only = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, "late"), (only.Type, only.Object.Metadata.Name));
        Assert.True(await watch.QuietForAsync(0.3));
    }

    [Fact]
    public async Task A_version_older_than_the_window_is_an_Expired_error_event_and_the_stream_ends()
    {
        var ns = await fixture.NewNamespaceAsync("watch-expired");
        var old = await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("old"), ns, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("newer"), ns, cancellationToken: Ct);
        fixture.Server.State.Store.CompactHistory();
        var floor = fixture.Server.State.Store.OldestWatchableVersion;

        // The callback form (Watcher<T>): the Status event reaches onError as a KubernetesException, then onClosed.
        var errors = new List<Exception>();
        var closed = new TaskCompletionSource();
        using var watcher = K.CoreV1.WatchListNamespacedConfigMap(ns, resourceVersion: old.Metadata.ResourceVersion,
            onEvent: (_, _) => errors.Add(new InvalidOperationException("unexpected event")), onError: errors.Add, onClosed: () => closed.TrySetResult());
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var error = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.Equal("Failure", error.Status.Status);
        Assert.Equal($"too old resource version: {old.Metadata.ResourceVersion} ({floor})", error.Status.Message);
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream()
    {
        var ns = await fixture.NewNamespaceAsync("watch-timeout");
        var from = await ListVersionAsync(ns);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns, cancellationToken: Ct);
        var started = DateTimeOffset.UtcNow;
        // (KubernetesClient peeks the first line before returning the response, so a watch that ends with no event
        // at all is an EndOfStreamException in the client, with a real server too; hence one event first.)
        await using var watch = Watch(ns, from, timeoutSeconds: 1);
        Assert.Equal(WatchEventType.Added, (await watch.NextAsync()).Type);
        await watch.Closed.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.InRange((DateTimeOffset.UtcNow - started).TotalSeconds, 0.9, 5);
        Assert.Empty(watch.Errors);
    }

    [Fact]
    public async Task Field_selector_on_metadata_name_sees_only_that_object()
    {
        var ns = await fixture.NewNamespaceAsync("watch-name");
        await using var watch = Watch(ns, await ListVersionAsync(ns), fieldSelector: "metadata.name=wanted");
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), ns, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("wanted"), ns, cancellationToken: Ct);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("other", ns, cancellationToken: Ct);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("wanted", ns, cancellationToken: Ct);

        var added = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, "wanted"), (added.Type, added.Object.Metadata.Name));
        Assert.Equal((WatchEventType.Deleted, "wanted"), (deleted.Type, deleted.Object.Metadata.Name));
        Assert.True(await watch.QuietForAsync(0.3));
    }

    [Fact]
    public async Task An_object_leaving_the_label_selector_is_DELETED_and_one_entering_it_is_ADDED()
    {
        var ns = await fixture.NewNamespaceAsync("watch-labels");
        await using var watch = Watch(ns, await ListVersionAsync(ns), labelSelector: "app=web");
        var cm = await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", app: "web"), ns, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("never", app: "db"), ns, cancellationToken: Ct);
        cm.Metadata.Labels["app"] = "db";
        cm = await K.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", ns, cancellationToken: Ct);
        cm.Data["v"] = "2";
        cm = await K.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", ns, cancellationToken: Ct); // outside the selector: unseen
        cm.Metadata.Labels["app"] = "web";
        cm = await K.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", ns, cancellationToken: Ct);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("x", ns, cancellationToken: Ct);

        var events = new List<(WatchEventType, string, string)>();
        for (var i = 0; i < 4; i++)
        {
            var (type, o) = await watch.NextAsync();
            events.Add((type, o.Metadata.Name, o.Metadata.Labels["app"]));
        }
        // Leaving the selector is DELETED carrying the last matching state (app=web), as the real watch cache sends.
        Assert.Equal([(WatchEventType.Added, "x", "web"), (WatchEventType.Deleted, "x", "web"), (WatchEventType.Added, "x", "web"), (WatchEventType.Deleted, "x", "web")], events);
        Assert.True(await watch.QuietForAsync(0.3));
    }

    [Fact]
    public async Task A_watch_across_all_namespaces_sees_every_namespace()
    {
        var one = await fixture.NewNamespaceAsync("watch-all");
        var two = await fixture.NewNamespaceAsync("watch-all");
        var from = await ListVersionAsync(one);
        await using var watch = new EventRecorder<V1ConfigMap>((onError, ct) =>
            K.CoreV1.WatchListConfigMapForAllNamespacesAsync(resourceVersion: from, onError: onError, cancellationToken: ct));
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("in-one"), one, cancellationToken: Ct);
        await K.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("in-two"), two, cancellationToken: Ct);

        var seen = new HashSet<string>();
        while (seen.Count < 2)
        {
            var (_, o) = await watch.NextAsync();
            // The namespace controller's kube-root-ca.crt may arrive in between: only the test's own objects count.
            if ((o.Metadata.NamespaceProperty == one || o.Metadata.NamespaceProperty == two) && o.Metadata.Name != "kube-root-ca.crt")
                seen.Add($"{o.Metadata.NamespaceProperty}/{o.Metadata.Name}");
        }
        Assert.Equal(new[] { $"{one}/in-one", $"{two}/in-two" }.Order(), seen.Order());
    }

    [Fact]
    public async Task Invalid_streaming_list_options_are_422_ListOptions_Invalid()
    {
        var ns = await fixture.NewNamespaceAsync("watch-invalid");
        var bare = await Assert.ThrowsAsync<HttpOperationException>(() =>
            K.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: "1", resourceVersionMatch: "NotOlderThan", cancellationToken: Ct));
        Assert.Equal(422, (int)bare.Response.StatusCode);
        Assert.Contains("ListOptions.meta.k8s.io \\\"\\\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided", bare.Response.Content, StringComparison.Ordinal);

        var exact = await Assert.ThrowsAsync<HttpOperationException>(() =>
            K.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: "1", sendInitialEvents: true, resourceVersionMatch: "Exact", cancellationToken: Ct));
        Assert.Equal(422, (int)exact.Response.StatusCode);
        Assert.Contains("is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \\\"Exact\\\": supported values: \\\"NotOlderThan\\\"]", exact.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"Invalid\"", exact.Response.Content, StringComparison.Ordinal);
    }
}
