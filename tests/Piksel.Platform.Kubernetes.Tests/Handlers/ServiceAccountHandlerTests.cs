using k8s;
using k8s.Models;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

[Collection(KubeCollection.Name)]
public sealed class ServiceAccountHandlerTests(KubeFixture fixture)
{
    private readonly ServiceAccountHandler handler = new(fixture.Context);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NamespaceAsync()
    {
        var name = KubeFixture.Unique("sa");
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        return name;
    }

    private static KubernetesServiceAccount Desired(string ns, string name, string environment, string roleArn) => new()
    {
        Name = name,
        Namespace = ns,
        Cluster = KubeFixture.ClusterName,
        Labels = new Dictionary<string, string> { [ManagementTags.ManagedByLabel] = ManagementTags.ManagedByValue, [ManagementTags.EnvironmentLabel] = environment },
        Annotations = new Dictionary<string, string> { [KubernetesServiceAccount.RoleArnAnnotation] = roleArn },
    };

    [Fact]
    public async Task Create_read_drift_restore_delete()
    {
        var ns = await NamespaceAsync();
        var desired = Desired(ns, "odc-reader", KubeFixture.Unique("env"), "arn:aws:iam::000000000000:role/piksel-test-odc-reader");
        Assert.Null(await handler.ReadAsync(desired, Ct));

        await handler.ApplyAsync(desired, null, Ct);
        var live = await fixture.Client.CoreV1.ReadNamespacedServiceAccountAsync("odc-reader", ns, cancellationToken: Ct);
        Assert.Equal("arn:aws:iam::000000000000:role/piksel-test-odc-reader", live.Metadata.Annotations[KubernetesServiceAccount.RoleArnAnnotation]);
        var observed = await handler.ReadAsync(desired, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(observed!.State));
        Assert.Equal(desired.RoleArn, observed.State.RoleArn);

        // Behind its back: the role annotation points elsewhere, and another tool adds an annotation of its own.
        var patch = new V1Patch(
            """{"metadata":{"annotations":{"eks.amazonaws.com/role-arn":"arn:aws:iam::000000000000:role/other","note":"x"}}}""",
            V1Patch.PatchType.MergePatch);
        await fixture.Client.CoreV1.PatchNamespacedServiceAccountAsync(patch, "odc-reader", ns, cancellationToken: Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal("arn:aws:iam::000000000000:role/other", drifted!.State.RoleArn);
        Assert.False(drifted.State.Annotations.ContainsKey("note"));
        Assert.NotEqual(ResourceAttributes.Of(desired), ResourceAttributes.Of(drifted.State));

        await handler.ApplyAsync(desired, drifted, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await handler.ReadAsync(desired, Ct))!.State));

        await handler.DeleteAsync(drifted, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(drifted, Ct);
    }

    [Fact]
    public async Task Read_in_a_missing_namespace_is_null()
    {
        Assert.Null(await handler.ReadAsync(Desired(KubeFixture.Unique("nons"), "sa", "e", "arn:aws:iam::000000000000:role/r"), Ct));
    }

    [Fact]
    public async Task ListManaged_spans_namespaces_and_only_the_environment()
    {
        var environment = KubeFixture.Unique("env");
        var ns1 = await NamespaceAsync();
        var ns2 = await NamespaceAsync();
        var a = Desired(ns1, "a", environment, "arn:aws:iam::000000000000:role/a");
        var b = Desired(ns2, "b", environment, "arn:aws:iam::000000000000:role/b");
        var other = Desired(ns2, "c", KubeFixture.Unique("env"), "arn:aws:iam::000000000000:role/c");
        foreach (var sa in new[] { a, b, other })
        {
            await handler.ApplyAsync(sa, null, Ct);
        }

        var managed = await handler.ListManagedAsync(environment, Ct);

        Assert.Equal(new[] { a.Key, b.Key }.Order(), managed.Select(m => m.State.Key).Order());
        Assert.Equal(ResourceAttributes.Of(b), ResourceAttributes.Of(managed.Single(m => m.State.Key == b.Key).State));
    }
}
