using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

[Collection(ClusterCollection.Name)]
public sealed class GarbageCollectionTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IKubernetes K => fixture.Client;

    private Task SettleAsync() => fixture.Server.SettleAsync(cancellationToken: Ct);

    private static V1OwnerReference Owner(IKubernetesObject<V1ObjectMeta> owner, bool block = false) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        BlockOwnerDeletion = block ? true : null,
    };

    private Task<V1ConfigMap> ConfigMapAsync(string ns, string name, IList<V1OwnerReference>? owners = null, IList<string>? finalizers = null) =>
        K.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owners, Finalizers = finalizers },
        }, ns, cancellationToken: Ct);

    private async Task<bool> ExistsAsync(string ns, string name)
    {
        try
        {
            await K.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: Ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task Dependents_of_a_deleted_owner_are_deleted_in_the_background()
    {
        var ns = await fixture.NewNamespaceAsync("gc-bg");
        var owner = await ConfigMapAsync(ns, "owner");
        var child = await ConfigMapAsync(ns, "child", [Owner(owner)]);
        await K.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "child-secret", OwnerReferences = [Owner(owner)] } }, ns, cancellationToken: Ct);
        await ConfigMapAsync(ns, "grandchild", [Owner(child)]);
        await ConfigMapAsync(ns, "bystander");
        await SettleAsync();
        Assert.True(await ExistsAsync(ns, "child"));

        await K.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.False(await ExistsAsync(ns, "child"));
        Assert.False(await ExistsAsync(ns, "grandchild"));
        Assert.Empty((await K.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct)).Items);
        Assert.True(await ExistsAsync(ns, "bystander"));
    }

    [Fact]
    public async Task A_dependent_with_another_owner_left_only_loses_the_reference()
    {
        var ns = await fixture.NewNamespaceAsync("gc-two");
        var first = await ConfigMapAsync(ns, "first");
        var second = await ConfigMapAsync(ns, "second");
        await ConfigMapAsync(ns, "shared", [Owner(first), Owner(second)]);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("first", ns, cancellationToken: Ct);
        await SettleAsync();
        var shared = await K.CoreV1.ReadNamespacedConfigMapAsync("shared", ns, cancellationToken: Ct);
        Assert.Equal([second.Metadata.Uid], shared.Metadata.OwnerReferences.Select(r => r.Uid));
    }

    [Fact]
    public async Task A_cluster_scoped_owner_takes_its_namespaced_dependents_with_it()
    {
        var ns = await fixture.NewNamespaceAsync("gc-cluster");
        var role = await K.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = ns + "-owner" } }, cancellationToken: Ct);
        await ConfigMapAsync(ns, "owned-by-cluster-role", [Owner(role)]);
        await SettleAsync();
        Assert.True(await ExistsAsync(ns, "owned-by-cluster-role"));
        await K.RbacAuthorizationV1.DeleteClusterRoleAsync(role.Metadata.Name, cancellationToken: Ct);
        await SettleAsync();
        Assert.False(await ExistsAsync(ns, "owned-by-cluster-role"));
    }

    [Fact]
    public async Task A_reference_to_an_owner_that_never_existed_is_collected()
    {
        var ns = await fixture.NewNamespaceAsync("gc-dangling");
        var ghost = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "ghost", Uid = Guid.NewGuid().ToString() };
        await ConfigMapAsync(ns, "haunted", [ghost]);
        await SettleAsync();
        Assert.False(await ExistsAsync(ns, "haunted"));
    }

    [Fact]
    public async Task The_orphan_finalizer_keeps_dependents_without_their_reference()
    {
        var ns = await fixture.NewNamespaceAsync("gc-orphan");
        var owner = await ConfigMapAsync(ns, "owner", finalizers: [GarbageCollector.OrphanFinalizer]);
        await ConfigMapAsync(ns, "kept", [Owner(owner)]);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.False(await ExistsAsync(ns, "owner"));
        var kept = await K.CoreV1.ReadNamespacedConfigMapAsync("kept", ns, cancellationToken: Ct);
        Assert.Null(kept.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task The_foreground_finalizer_keeps_the_owner_until_blocking_dependents_are_gone()
    {
        var ns = await fixture.NewNamespaceAsync("gc-fg");
        var owner = await ConfigMapAsync(ns, "owner", finalizers: [GarbageCollector.ForegroundFinalizer]);
        await ConfigMapAsync(ns, "blocker", [Owner(owner, block: true)], ["example.com/hold"]);
        await ConfigMapAsync(ns, "loose", [Owner(owner)]);
        await K.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, cancellationToken: Ct);
        await SettleAsync();

        var waiting = await K.CoreV1.ReadNamespacedConfigMapAsync("owner", ns, cancellationToken: Ct);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains(GarbageCollector.ForegroundFinalizer, waiting.Metadata.Finalizers);
        Assert.False(await ExistsAsync(ns, "loose"));
        var blocker = await K.CoreV1.ReadNamespacedConfigMapAsync("blocker", ns, cancellationToken: Ct);
        Assert.NotNull(blocker.Metadata.DeletionTimestamp);

        blocker.Metadata.Finalizers = [];
        await K.CoreV1.ReplaceNamespacedConfigMapAsync(blocker, "blocker", ns, cancellationToken: Ct);
        await SettleAsync();
        Assert.False(await ExistsAsync(ns, "blocker"));
        Assert.False(await ExistsAsync(ns, "owner"));
    }
}
