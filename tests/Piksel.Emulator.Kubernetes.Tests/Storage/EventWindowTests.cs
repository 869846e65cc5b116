using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tests.Storage;

/// <summary>The store's event window and fan-out: expiry, filtered watches' transitions, bookmarks' place in the queue.</summary>
public sealed class EventWindowTests
{
    private static readonly ResourceCatalog Catalog = new(BuiltInResources.All);
    private static readonly ResourceType Cm = BuiltInResources.ConfigMaps;

    private static JsonObject ConfigMap(string name, string app) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["labels"] = new JsonObject { ["app"] = app } } };

    private static List<WatchEvent> Drain(ObjectStore.Watcher watcher)
    {
        var events = new List<WatchEvent>();
        while (watcher.Events.TryRead(out var e)) events.Add(e);
        return events;
    }

    [Fact]
    public void Versions_that_left_the_window_are_Expired_with_the_real_message()
    {
        using var store = new ObjectStore(null, Catalog.FindGroupResource) { HistoryLimit = 3 };
        for (var i = 0; i < 5; i++) store.Put(Cm, "ns", $"c{i}", ConfigMap($"c{i}", "a"));
        Assert.Equal(2, store.OldestWatchableVersion);
        var error = Assert.Throws<StatusException>(() => store.Watch(Cm, "ns", 1));
        Assert.Equal(("Expired", 410, "too old resource version: 1 (2)"), (error.Reason, (int)error.Code, error.Message));
        using var ok = store.Watch(Cm, "ns", 2);
        Assert.Equal([3L, 4L, 5L], Drain(ok).Select(e => e.Object.ResourceVersion));

        store.CompactHistory();
        Assert.Throws<StatusException>(() => store.Watch(Cm, "ns", 4));
        using var now = store.Watch(Cm, "ns", 5);
        Assert.Empty(Drain(now));
    }

    [Fact]
    public void A_filtered_watch_sees_objects_enter_as_ADDED_and_leave_as_DELETED_at_the_new_version()
    {
        using var store = new ObjectStore(null, Catalog.FindGroupResource);
        using var watcher = store.Watch(Cm, "ns", 0, o => o.Labels.TryGetValue("app", out var app) && app == "web");
        store.Put(Cm, "ns", "x", ConfigMap("x", "db"));    // 1: never matched, unseen
        store.Put(Cm, "ns", "x", ConfigMap("x", "web"));   // 2: enters → ADDED
        store.Put(Cm, "ns", "x", ConfigMap("x", "web"));   // 3: stays → MODIFIED
        store.Put(Cm, "ns", "x", ConfigMap("x", "db"));    // 4: leaves → DELETED with the old content at version 4
        store.Put(Cm, "ns", "x", ConfigMap("x", "web"));   // 5: ADDED
        store.Remove(Cm, "ns", "x");                       // 6: DELETED

        var events = Drain(watcher);
        Assert.Equal(["ADDED@2", "MODIFIED@3", "DELETED@4", "ADDED@5", "DELETED@6"], events.Select(e => $"{e.Type}@{e.Object.ResourceVersion}"));
        var left = events[2].Object.View;
        Assert.Equal("web", left["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("4", left["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public void A_bookmark_is_queued_after_the_events_it_covers()
    {
        using var store = new ObjectStore(null, Catalog.FindGroupResource);
        using var watcher = store.Watch(Cm, "ns", 0);
        store.Put(Cm, "ns", "a", ConfigMap("a", "x"));
        store.Put(BuiltInResources.Secrets, "ns", "s", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s" } });
        watcher.RequestBookmark();
        var events = Drain(watcher);
        Assert.Equal(["ADDED", "BOOKMARK"], events.Select(e => e.Type));
        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"2"}}""", System.Text.Encoding.UTF8.GetString(events[1].Object.Json));
    }

    [Fact]
    public async Task Waiting_for_a_version_returns_when_it_is_reached_or_times_out()
    {
        using var store = new ObjectStore(null, Catalog.FindGroupResource);
        var waiting = store.WaitForVersionAsync(2, TimeSpan.FromSeconds(10), TimeProvider.System, TestContext.Current.CancellationToken);
        store.Put(Cm, "ns", "a", ConfigMap("a", "x"));
        Assert.False(waiting.IsCompleted);
        store.Put(Cm, "ns", "b", ConfigMap("b", "x"));
        Assert.True(await waiting);
        Assert.False(await store.WaitForVersionAsync(3, TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken));
    }
}
