using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

[Collection(ClusterCollection.Name)]
public sealed class NamespaceLifecycleTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task SettleAsync() => fixture.Server.SettleAsync(cancellationToken: Ct);

    [Fact]
    public async Task The_system_namespaces_exist_active_with_their_label_and_finalizer()
    {
        await SettleAsync();
        var all = await fixture.Client.CoreV1.ListNamespaceAsync(cancellationToken: Ct);
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            var ns = Assert.Single(all.Items, n => n.Metadata.Name == name);
            Assert.Equal("Active", ns.Status.Phase);
            Assert.Equal(name, ns.Metadata.Labels["kubernetes.io/metadata.name"]);
            Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        }
        var kubernetes = await fixture.Client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default", cancellationToken: Ct);
        Assert.Equal("172.20.0.1", kubernetes.Spec.ClusterIP);
        Assert.Equal(443, kubernetes.Spec.Ports.Single().Port);
        Assert.Equal("https", kubernetes.Spec.Ports.Single().Name);
    }

    [Fact]
    public async Task The_name_label_is_set_on_create_and_put_back_when_changed_or_removed()
    {
        var k = fixture.Client;
        var created = await k.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { GenerateName = "label-", Labels = new Dictionary<string, string> { ["team"] = "a" } },
        }, cancellationToken: Ct);
        var name = created.Metadata.Name;
        Assert.Equal(name, created.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("a", created.Metadata.Labels["team"]);
        Assert.Equal(["kubernetes"], created.Spec.Finalizers);
        Assert.Equal("Active", created.Status.Phase);

        created.Metadata.Labels["kubernetes.io/metadata.name"] = "someone-else";
        var changed = await k.CoreV1.ReplaceNamespaceAsync(created, name, cancellationToken: Ct);
        Assert.Equal(name, changed.Metadata.Labels["kubernetes.io/metadata.name"]);

        changed.Metadata.Labels.Remove("kubernetes.io/metadata.name");
        changed.Spec.Finalizers = []; // spec.finalizers only change through /finalize
        var removed = await k.CoreV1.ReplaceNamespaceAsync(changed, name, cancellationToken: Ct);
        Assert.Equal(name, removed.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal(["kubernetes"], removed.Spec.Finalizers);
    }

    [Fact]
    public async Task Each_namespace_gets_a_default_ServiceAccount_and_the_CA_ConfigMap_back_when_deleted()
    {
        var ns = await fixture.NewNamespaceAsync("furnish");
        var k = fixture.Client;
        await SettleAsync();
        Assert.Equal("default", (await k.CoreV1.ReadNamespacedServiceAccountAsync("default", ns, cancellationToken: Ct)).Metadata.Name);
        var ca = await k.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", ns, cancellationToken: Ct);
        Assert.Equal(fixture.Server.State.Certificates.Authority.ExportCertificatePem().Trim(), ca.Data["ca.crt"].Trim());
        Assert.StartsWith("Contains a CA bundle", ca.Metadata.Annotations["kubernetes.io/description"], StringComparison.Ordinal);

        var oldUid = ca.Metadata.Uid;
        await k.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns, cancellationToken: Ct);
        await k.CoreV1.DeleteNamespacedConfigMapAsync("kube-root-ca.crt", ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.NotNull(await k.CoreV1.ReadNamespacedServiceAccountAsync("default", ns, cancellationToken: Ct));
        var again = await k.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", ns, cancellationToken: Ct);
        Assert.NotEqual(oldUid, again.Metadata.Uid);

        // An edited bundle is put back.
        again.Data["ca.crt"] = "tampered";
        await k.CoreV1.ReplaceNamespacedConfigMapAsync(again, "kube-root-ca.crt", ns, cancellationToken: Ct);
        await SettleAsync();
        var restored = await k.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", ns, cancellationToken: Ct);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", restored.Data["ca.crt"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_namespace_goes_Terminating_empties_it_waits_for_finalizers_then_removes_it()
    {
        var ns = await fixture.NewNamespaceAsync("doomed");
        var k = fixture.Client;
        await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "plain" } }, ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "secret" } }, ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] },
        }, ns, cancellationToken: Ct);
        await SettleAsync();
        var start = await k.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct);

        // Watch the namespace the way kubectl delete waits for it.
        var seen = new List<(WatchEventType Type, string? Phase)>();
        using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in k.CoreV1.WatchListNamespaceAsync(resourceVersion: start.Metadata.ResourceVersion, cancellationToken: stopWatch.Token))
            {
                if (item.Metadata.Name != ns) continue;
                lock (seen) seen.Add((type, item.Status?.Phase));
                if (type == WatchEventType.Deleted) return;
            }
        }, Ct);

        await k.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: Ct);
        await SettleAsync();
        var terminating = await k.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        var conditions = terminating.Status.Conditions.ToDictionary(c => c.Type);
        Assert.Equal(["NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining"],
            terminating.Status.Conditions.Select(c => c.Type));
        Assert.Equal("False", conditions["NamespaceDeletionDiscoveryFailure"].Status);
        Assert.Equal("ResourcesDiscovered", conditions["NamespaceDeletionDiscoveryFailure"].Reason);
        Assert.Equal("True", conditions["NamespaceContentRemaining"].Status);
        Assert.Equal("SomeResourcesRemain", conditions["NamespaceContentRemaining"].Reason);
        Assert.Equal("Some resources are remaining: configmaps has 1 resource instances", conditions["NamespaceContentRemaining"].Message);
        Assert.Equal("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances", conditions["NamespaceFinalizersRemaining"].Message);

        // Everything without a finalizer is gone; nothing new may be created.
        Assert.Equal(["held"], (await k.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Items.Select(c => c.Metadata.Name));
        Assert.Empty((await k.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct)).Items);
        Assert.Empty((await k.CoreV1.ListNamespacedServiceAccountAsync(ns, cancellationToken: Ct)).Items);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);

        var held = await k.CoreV1.ReadNamespacedConfigMapAsync("held", ns, cancellationToken: Ct);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        held.Metadata.Finalizers = [];
        await k.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns, cancellationToken: Ct);
        await SettleAsync();
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);

        await watching.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Contains((WatchEventType.Modified, "Terminating"), seen);
        Assert.Equal(WatchEventType.Deleted, seen[^1].Type);
    }

    [Fact]
    public async Task Finalize_lets_a_stuck_namespace_go_and_refuses_unqualified_finalizers()
    {
        var ns = await fixture.NewNamespaceAsync("stuck");
        var k = fixture.Client;
        await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/forever"] } }, ns, cancellationToken: Ct);
        await k.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: Ct);
        await SettleAsync();
        var stuck = await k.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct);
        Assert.Equal("Terminating", stuck.Status.Phase);

        stuck.Spec.Finalizers = ["not-qualified"];
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReplaceNamespaceFinalizeAsync(stuck, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        Assert.Contains("name is neither a standard finalizer name nor is it fully qualified", invalid.Response.Content, StringComparison.Ordinal);

        stuck.Spec.Finalizers = [];
        var finalized = await k.CoreV1.ReplaceNamespaceFinalizeAsync(stuck, ns, cancellationToken: Ct);
        Assert.Empty(finalized.Spec.Finalizers ?? []);
        await SettleAsync();
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }
}
