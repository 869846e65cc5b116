using Piksel.Platform.Definition;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The definition's areas: each owns its resources, and what one takes from another is checked where it is taken.</summary>
public sealed class DefinitionAreasTests
{
    private static readonly PikselDefinition Local = new(Fixtures.Load("local"));

    [Fact]
    public void The_spec_is_every_area_s_resources_each_owned_by_one_area()
    {
        var spec = Local.Build();
        IDefinitionArea[] areas = [Local.Key, Local.Network, Local.Cluster, Local.Namespaces, Local.NetworkPolicies, Local.GuardRails, Local.Storage, Local.Karpenter, Local.Identity, Local.System, Local.Secrets, Local.SecretSync, Local.Database, Local.DatabaseAccess];

        Assert.Equal(spec.Resources.Select(r => r.Id), areas.SelectMany(a => a.Resources).Select(r => r.Id));
        Assert.Equal(spec.Outputs.Select(o => o.Name).Order(StringComparer.Ordinal), areas.SelectMany(a => a.Outputs).Select(o => o.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_object_in_kube_system_depends_on_no_namespace_and_one_elsewhere_on_its_own()
    {
        Assert.Empty(Local.Namespaces.DependencyOf("kube-system"));
        Assert.Equal([new ResourceId(nameof(KubernetesNamespace), "argo")], Local.Namespaces.DependencyOf("argo"));
    }

    [Fact]
    public void A_namespace_the_platform_does_not_make_is_refused_where_it_is_asked_for()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Local.Namespaces.DependencyOf("nowhere").ToList());
        Assert.Contains("'nowhere'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_store_reads_as_the_identity_area_s_external_secrets_service_account()
    {
        var account = Local.Identity.ServiceAccount("external-secrets", "external-secrets");
        var store = Local.SecretSync.Resources.OfType<ClusterSecretStore>().Single();

        Assert.Contains(account.Id, store.DependsOn);
        Assert.Equal((account.Namespace, account.Name), (store.ServiceAccountNamespace, store.ServiceAccountName));
        Assert.Throws<InvalidOperationException>(() => Local.Identity.ServiceAccount("external-secrets", "nobody"));
    }

    [Fact]
    public void Every_irsa_row_has_its_promises_for_the_verifier()
    {
        var expectations = Local.Identity.Expectations();

        Assert.Equal(11, expectations.Count);
        Assert.All(expectations, e => Assert.NotEmpty(e.Allowed));
        Assert.All(expectations, e => Assert.NotEmpty(e.Denied));
    }
}
