using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Watch;

/// <summary>The watch wire format read as raw HTTP: one event per line, flushed at once, streaming lists, bookmarks, ERROR events.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WatchStreamTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = "v" } };

    [Fact]
    public async Task Each_event_is_one_JSON_line_flushed_as_soon_as_it_happens()
    {
        var ns = await fixture.NewNamespaceAsync("raw-lines");
        var from = (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion;
        using var watch = await RawWatch.OpenAsync(fixture.Server, $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion={from}", Ct);
        Assert.Equal(200, (int)watch.Response.StatusCode);
        Assert.Equal("application/json", watch.Response.Content.Headers.ContentType?.MediaType);

        for (var i = 0; i < 3; i++)
        {
            // Each event must be readable before the next write happens: nothing waits in a buffer.
            var created = await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm{i}"), ns, cancellationToken: Ct);
            var line = await watch.LineAsync(5);
            Assert.NotNull(line);
            Assert.DoesNotContain('\n', line);
            var e = JsonNode.Parse(line)!.AsObject();
            Assert.Equal(["type", "object"], e.Select(p => p.Key));
            Assert.Equal("ADDED", e["type"]!.GetValue<string>());
            Assert.Equal("ConfigMap", e["object"]!["kind"]!.GetValue<string>());
            Assert.Equal("v1", e["object"]!["apiVersion"]!.GetValue<string>());
            Assert.Equal(created.Metadata.ResourceVersion, e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Too_old_version_is_a_200_stream_with_one_ERROR_Status_event()
    {
        var ns = await fixture.NewNamespaceAsync("raw-expired");
        var old = await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("old"), ns, cancellationToken: Ct);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("new"), ns, cancellationToken: Ct);
        fixture.Server.State.Store.CompactHistory();
        var floor = fixture.Server.State.Store.OldestWatchableVersion;

        using var watch = await RawWatch.OpenAsync(fixture.Server, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={old.Metadata.ResourceVersion}", Ct);
        Assert.Equal(200, (int)watch.Response.StatusCode);
        var line = await watch.LineAsync();
        Assert.Equal(
            $$$"""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: {{{old.Metadata.ResourceVersion}}} ({{{floor}}})","reason":"Expired","code":410}}""",
            line);
        Assert.Null(await watch.LineAsync());
    }

    [Fact]
    public async Task Streaming_list_sends_the_state_then_an_initial_events_end_bookmark_then_changes()
    {
        var ns = await fixture.NewNamespaceAsync("raw-stream");
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one"), ns, cancellationToken: Ct);
        var two = await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("two"), ns, cancellationToken: Ct);
        await fixture.Server.SettleAsync(cancellationToken: Ct); // the namespace's kube-root-ca.crt is in the initial state too

        using var watch = await RawWatch.OpenAsync(fixture.Server,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion={two.Metadata.ResourceVersion}", Ct);
        var system = await watch.EventAsync();
        Assert.Equal("ADDED:kube-root-ca.crt", $"{system["type"]}:{system["object"]!["metadata"]!["name"]}");
        var first = await watch.EventAsync();
        var second = await watch.EventAsync();
        Assert.Equal(["ADDED:one", "ADDED:two"], new[] { first, second }.Select(e => $"{e["type"]}:{e["object"]!["metadata"]!["name"]}"));

        var end = await watch.EventAsync();
        Assert.Equal("BOOKMARK", end["type"]!.GetValue<string>());
        var marker = end["object"]!.AsObject();
        Assert.Equal("ConfigMap", marker["kind"]!.GetValue<string>());
        Assert.Equal("v1", marker["apiVersion"]!.GetValue<string>());
        Assert.Equal("true", marker["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
        Assert.True(long.Parse(marker["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= long.Parse(two.Metadata.ResourceVersion, CultureInfo.InvariantCulture));

        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("three"), ns, cancellationToken: Ct);
        var later = await watch.EventAsync();
        Assert.Equal("ADDED:three", $"{later["type"]}:{later["object"]!["metadata"]!["name"]}");
    }

    [Fact]
    public async Task Streaming_list_from_a_future_version_waits_then_fails_with_Too_large_resource_version()
    {
        var ns = await fixture.NewNamespaceAsync("raw-future");
        var future = fixture.Server.State.Store.ResourceVersion + 1000;
        var clock = Stopwatch.StartNew();
        using var watch = await RawWatch.OpenAsync(fixture.Server,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion={future}", Ct);
        var error = await watch.EventAsync();
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.5, 8);
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(504, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Timeout", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith($"Timeout: Too large resource version: {future}, current: ", error["object"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", error["object"]!["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_quiet_watch_with_timeoutSeconds_ends_with_an_empty_200_body()
    {
        var ns = await fixture.NewNamespaceAsync("raw-timeout");
        var from = (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion;
        var clock = Stopwatch.StartNew();
        using var watch = await RawWatch.OpenAsync(fixture.Server, $"/api/v1/namespaces/{ns}/configmaps?watch=1&timeoutSeconds=1&resourceVersion={from}", Ct);
        Assert.Equal(200, (int)watch.Response.StatusCode);
        Assert.Null(await watch.LineAsync());
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task A_watch_on_one_named_object_sees_only_it()
    {
        var ns = await fixture.NewNamespaceAsync("raw-named");
        var from = (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion;
        using var watch = await RawWatch.OpenAsync(fixture.Server, $"/api/v1/namespaces/{ns}/configmaps/target?watch=1&resourceVersion={from}", Ct);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("bystander"), ns, cancellationToken: Ct);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("target"), ns, cancellationToken: Ct);
        var e = await watch.EventAsync();
        Assert.Equal("ADDED:target", $"{e["type"]}:{e["object"]!["metadata"]!["name"]}");
    }
}
