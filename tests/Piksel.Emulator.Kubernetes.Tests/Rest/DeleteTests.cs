using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class DeleteTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<V1ConfigMap> CreateAsync(string ns, string name, string? team = null, IList<string>? finalizers = null) =>
        fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = team is null ? null : new Dictionary<string, string> { ["team"] = team }, Finalizers = finalizers },
        }, ns, cancellationToken: Ct);

    [Fact]
    public async Task Deletecollection_deletes_what_the_selector_matches_and_answers_the_deleted_objects()
    {
        var ns = await fixture.NewNamespaceAsync("delcoll");
        await CreateAsync(ns, "a", "red");
        await CreateAsync(ns, "b", "red", ["example.com/hold"]);
        await CreateAsync(ns, "c", "blue");

        using var http = RawApi.Create(fixture.Server);
        using var response = await http.DeleteAsync($"api/v1/namespaces/{ns}/configmaps?labelSelector=team%3Dred", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("ConfigMapList", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal(["a", "b"], body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));

        // "b" has a finalizer: it stays, marked for deletion; "c" did not match.
        var left = await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct);
        var own = left.Items.Where(i => i.Metadata.Name != "kube-root-ca.crt").ToList();
        Assert.Equal(["b", "c"], own.Select(i => i.Metadata.Name));
        Assert.NotNull(own[0].Metadata.DeletionTimestamp);
        Assert.Null(own[1].Metadata.DeletionTimestamp);

        await fixture.Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "team=blue", cancellationToken: Ct);
        Assert.Equal(["b", "kube-root-ca.crt"], (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Items.Select(i => i.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_preconditions_are_409_and_propagation_policies_add_finalizers()
    {
        var ns = await fixture.NewNamespaceAsync("delopts");
        var k = fixture.Client;
        var cm = await CreateAsync(ns, "guarded");
        var wrongUid = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.DeleteNamespacedConfigMapAsync("guarded", ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "00000000-0000-0000-0000-000000000000" } }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, wrongUid.Response.StatusCode);
        Assert.Contains("Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000", wrongUid.Response.Content, StringComparison.Ordinal);
        var wrongVersion = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.DeleteNamespacedConfigMapAsync("guarded", ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "1" } }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, wrongVersion.Response.StatusCode);

        await k.CoreV1.DeleteNamespacedConfigMapAsync("guarded", ns, new V1DeleteOptions { DryRun = ["All"] }, dryRun: "All", cancellationToken: Ct);
        Assert.NotNull(await k.CoreV1.ReadNamespacedConfigMapAsync("guarded", ns, cancellationToken: Ct));

        await k.CoreV1.DeleteNamespacedConfigMapAsync("guarded", ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = cm.Metadata.Uid, ResourceVersion = cm.Metadata.ResourceVersion } }, cancellationToken: Ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("guarded", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);

        // The garbage collector acts on these finalizers at once (no dependents here), so what the DELETE wrote is
        // read from the store's event stream rather than raced for with a GET.
        await CreateAsync(ns, "fg");
        var fg = await MarkedForDeletionAsync(ns, "fg", () => k.CoreV1.DeleteNamespacedConfigMapAsync("fg", ns, new V1DeleteOptions { PropagationPolicy = "Foreground" }, cancellationToken: Ct));
        Assert.Equal(["foregroundDeletion"], fg.Metadata.Finalizers);
        Assert.NotNull(fg.Metadata.DeletionTimestamp);

        await CreateAsync(ns, "orphan");
        var orphan = await MarkedForDeletionAsync(ns, "orphan", () => k.CoreV1.DeleteNamespacedConfigMapAsync("orphan", ns, propagationPolicy: "Orphan", cancellationToken: Ct));
        Assert.Equal(["orphan"], orphan.Metadata.Finalizers);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("orphan", ns, cancellationToken: Ct))).Response.StatusCode);

        await CreateAsync(ns, "bg");
        await k.CoreV1.DeleteNamespacedConfigMapAsync("bg", ns, new V1DeleteOptions { PropagationPolicy = "Background", GracePeriodSeconds = 0 }, cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("bg", ns, cancellationToken: Ct))).Response.StatusCode);
    }

    /// <summary>Runs <paramref name="delete"/> and returns the object as the DELETE left it (its first MODIFIED event after).</summary>
    private async Task<V1ConfigMap> MarkedForDeletionAsync(string ns, string name, Func<Task> delete)
    {
        var store = fixture.Server.State.Store;
        using var watcher = store.Watch(Piksel.Emulator.Kubernetes.Api.BuiltInResources.ConfigMaps, ns, store.ResourceVersion);
        await delete();
        await foreach (var change in watcher.Events.ReadAllAsync(Ct))
        {
            if (change.Object.Name == name && change.Type == "MODIFIED")
                return k8s.KubernetesJson.Deserialize<V1ConfigMap>(System.Text.Encoding.UTF8.GetString(change.Object.Json));
        }

        throw new InvalidOperationException("the watch ended before the object was marked");
    }
}
