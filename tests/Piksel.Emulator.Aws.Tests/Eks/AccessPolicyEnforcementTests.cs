using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Access policies decide what a principal may do: View reads, Edit writes, a namespace scope stops at its namespaces.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AccessPolicyEnforcementTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task View_and_edit_policies_hold_within_their_namespaces()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ActiveClusterAsync(eks, Unique("policy"), await ClusterRoleAsync(iam, Unique("eks-role")));
        using var admin = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
        foreach (var ns in new[] { "apps", "other" })
        {
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns, cancellationToken: Ct);
        }

        var (userArn, credentials) = await UserAsync(iam, Unique("viewer"));
        await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = cluster.Name, PrincipalArn = userArn }, Ct);
        await eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.View, EksAccessScope.InNamespaces("apps"), Ct);
        using var user = Kube(cluster, await TokenAsync(Endpoint(fixture), credentials, cluster.Name));

        Assert.Equal("settings", (await user.CoreV1.ReadNamespacedConfigMapAsync("settings", "apps", cancellationToken: Ct)).Metadata.Name);
        await Forbidden(() => user.CoreV1.DeleteNamespacedConfigMapAsync("settings", "apps", cancellationToken: Ct));
        await Forbidden(() => user.CoreV1.ListNamespacedSecretAsync("apps", cancellationToken: Ct));
        await Forbidden(() => user.CoreV1.ReadNamespacedConfigMapAsync("settings", "other", cancellationToken: Ct));
        await Forbidden(() => user.CoreV1.ListNamespaceAsync(cancellationToken: Ct));

        // As on EKS: access policies live in an authorization webhook, so a rules review lists RBAC's rules and says it is incomplete.
        var rules = await user.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec { NamespaceProperty = "apps" } }, cancellationToken: Ct);
        Assert.True(rules.Status.Incomplete);
        Assert.Equal("webhook authorizer does not support user rule resolution", rules.Status.EvaluationError);
        Assert.Contains(rules.Status.ResourceRules, r => r.Resources?.Contains("selfsubjectaccessreviews") == true);
        Assert.DoesNotContain(rules.Status.ResourceRules, r => r.Resources?.Contains("configmaps") == true);

        await eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.Edit, EksAccessScope.InNamespaces("apps"), Ct);
        await user.CoreV1.DeleteNamespacedConfigMapAsync("settings", "apps", cancellationToken: Ct);
        await Forbidden(() => user.CoreV1.DeleteNamespacedConfigMapAsync("settings", "other", cancellationToken: Ct));
        await Forbidden(() => user.RbacAuthorizationV1.ListNamespacedRoleAsync("apps", cancellationToken: Ct));

        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Access_entry_groups_are_held_to_their_rbac_bindings()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ActiveClusterAsync(eks, Unique("groups"), await ClusterRoleAsync(iam, Unique("eks-role")));
        using var admin = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
        foreach (var ns in new[] { "apps", "other" })
        {
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns, cancellationToken: Ct);
        }
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "apps-readers" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
            Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "Group", Name = "piksel:apps-readers" }],
        }, "apps", cancellationToken: Ct);

        var (userArn, credentials) = await UserAsync(iam, Unique("reader"));
        await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = cluster.Name, PrincipalArn = userArn, KubernetesGroups = ["piksel:apps-readers"] }, Ct);
        using var user = Kube(cluster, await TokenAsync(Endpoint(fixture), credentials, cluster.Name));

        // The cluster's view role is filled in by the aggregation controller shortly after start.
        for (var i = 0; i < 200 && (await admin.RbacAuthorizationV1.ReadClusterRoleAsync("view", cancellationToken: Ct)).Rules is not { Count: > 0 }; i++) await Task.Delay(25, Ct);
        Assert.Equal("settings", (await user.CoreV1.ReadNamespacedConfigMapAsync("settings", "apps", cancellationToken: Ct)).Metadata.Name);
        await Forbidden(() => user.CoreV1.ListNamespacedSecretAsync("apps", cancellationToken: Ct));
        var other = await Assert.ThrowsAsync<HttpOperationException>(() => user.CoreV1.ReadNamespacedConfigMapAsync("settings", "other", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, other.Response.StatusCode);
        var message = (string?)System.Text.Json.Nodes.JsonNode.Parse(other.Response.Content)!["message"] ?? "";
        Assert.Equal($"configmaps \"settings\" is forbidden: User \"{userArn}\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"other\"", message);

        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    private static async Task Forbidden(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
    }
}
