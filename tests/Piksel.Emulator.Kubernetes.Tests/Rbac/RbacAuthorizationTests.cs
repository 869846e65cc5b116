using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using Piksel.Emulator.Kubernetes.Tests.Rest;
using Piksel.Emulator.Kubernetes.Tests.Tokens;

namespace Piksel.Emulator.Kubernetes.Tests.Rbac;

/// <summary>RBAC through KubernetesClient: what a service account's bindings grant and no more, in the API server's words.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RbacAuthorizationTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IKubernetes> AccountAsync(string ns, string name, params V1PolicyRule[] rules) =>
        TokenTestKit.ClientFor(fixture.Server, await AccountTokenAsync(ns, name, rules));

    /// <summary>A raw client of <paramref name="token"/>'s service account.</summary>
    private HttpClient RawFor(string token)
    {
        var http = RawApi.Create(fixture.Server);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<string> AccountTokenAsync(string ns, string name, params V1PolicyRule[] rules)
    {
        await TokenTestKit.EnsureServiceAccountAsync(fixture.Client, ns, name);
        if (rules.Length > 0)
        {
            await fixture.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = name }, Rules = rules }, ns, cancellationToken: Ct);
            await fixture.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name }],
            }, ns, cancellationToken: Ct);
        }
        return (await TokenTestKit.RequestTokenAsync(fixture.Client, ns, name)).Status.Token;
    }

    private static V1PolicyRule Rule(string group, string[] resources, params string[] verbs) => new() { ApiGroups = [group], Resources = resources, Verbs = verbs };

    [Fact]
    public async Task A_service_account_gets_what_its_role_grants_and_403_otherwise()
    {
        var ns = await fixture.NewNamespaceAsync("rbac-sa");
        await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "hidden" } }, ns, cancellationToken: Ct);
        var readerToken = await AccountTokenAsync(ns, "reader", Rule("", ["configmaps", "pods"], "get", "list", "watch"));
        using var reader = TokenTestKit.ClientFor(fixture.Server, readerToken);
        using var readerHttp = RawFor(readerToken);

        await reader.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct);
        var list = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, list.Response.StatusCode);
        var status = JsonNode.Parse(list.Response.Content)!;
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal($"secrets is forbidden: User \"system:serviceaccount:{ns}:reader\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", (string?)status["message"]);
        Assert.Equal("secrets", (string?)status["details"]!["kind"]);

        var get = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ReadNamespacedSecretAsync("hidden", ns, cancellationToken: Ct));
        Assert.Equal($"secrets \"hidden\" is forbidden: User \"system:serviceaccount:{ns}:reader\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", (string?)JsonNode.Parse(get.Response.Content)!["message"]);
        var log = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ReadNamespacedPodLogAsync("web", ns, cancellationToken: Ct));
        Assert.True(Message(log).Contains("cannot get resource \"pods/log\" in API group \"\"", StringComparison.Ordinal), log.Response.Content);
        var cluster = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
        Assert.Equal($"namespaces is forbidden: User \"system:serviceaccount:{ns}:reader\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope", Message(cluster));
        var elsewhere = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Response.StatusCode);

        // Discovery is everyone's (system:discovery); other paths are not.
        Assert.Equal(HttpStatusCode.OK, (await readerHttp.GetAsync("/version", Ct)).StatusCode);
        var apis = await readerHttp.GetAsync("/apis", Ct);
        Assert.Equal(HttpStatusCode.OK, apis.StatusCode);
        var metrics = await readerHttp.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        Assert.Equal($"forbidden: User \"system:serviceaccount:{ns}:reader\" cannot get path \"/metrics\"", (string?)JsonNode.Parse(await metrics.Content.ReadAsStringAsync(Ct))!["message"]);
    }

    [Fact]
    public async Task A_new_binding_is_in_force_for_the_next_request()
    {
        var ns = await fixture.NewNamespaceAsync("rbac-live");
        using var client = await AccountAsync(ns, "late");
        await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct));
        await fixture.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "late-view" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "late", NamespaceProperty = ns }],
        }, ns, cancellationToken: Ct);
        await WaitForAsync(async () => (await fixture.Client.RbacAuthorizationV1.ReadClusterRoleAsync("view", cancellationToken: Ct)).Rules?.Count > 0);
        await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct);
        // view has no secrets.
        await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct));
        await fixture.Client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync("late-view", ns, cancellationToken: Ct);
        await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct));
    }

    [Fact]
    public async Task Default_roles_are_there_and_aggregated()
    {
        await WaitForAsync(async () => (await fixture.Client.RbacAuthorizationV1.ReadClusterRoleAsync("admin", cancellationToken: Ct)).Rules?.Any(r => r.Resources?.Contains("rolebindings") == true) == true);
        var view = await fixture.Client.RbacAuthorizationV1.ReadClusterRoleAsync("view", cancellationToken: Ct);
        var edit = await fixture.Client.RbacAuthorizationV1.ReadClusterRoleAsync("edit", cancellationToken: Ct);
        var admin = await fixture.Client.RbacAuthorizationV1.ReadClusterRoleAsync("admin", cancellationToken: Ct);
        Assert.Equal("rbac-defaults", view.Metadata.Labels["kubernetes.io/bootstrapping"]);
        Assert.Equal("true", view.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-edit"]);
        Assert.DoesNotContain(view.Rules, r => r.Resources?.Contains("secrets") == true);
        Assert.Contains(edit.Rules, r => r.Resources?.Contains("secrets") == true && r.Verbs.Contains("create"));
        Assert.Contains(edit.Rules, r => r.Resources?.Contains("pods/log") == true);
        Assert.DoesNotContain(edit.Rules, r => r.Resources?.Contains("roles") == true);
        Assert.Contains(admin.Rules, r => r.Resources?.Contains("rolebindings") == true);
        var binding = await fixture.Client.RbacAuthorizationV1.ReadClusterRoleBindingAsync("cluster-admin", cancellationToken: Ct);
        Assert.Equal(("Group", "system:masters"), (binding.Subjects[0].Kind, binding.Subjects[0].Name));
        await fixture.Client.RbacAuthorizationV1.ReadClusterRoleAsync("system:controller:deployment-controller", cancellationToken: Ct);
    }

    [Fact]
    public async Task Roles_and_bindings_cannot_grant_more_than_their_writer_holds()
    {
        var ns = await fixture.NewNamespaceAsync("rbac-esc");
        using var author = await AccountAsync(ns, "author", Rule("rbac.authorization.k8s.io", ["roles", "rolebindings"], "create", "update", "get"), Rule("", ["configmaps"], "get", "list"));

        await author.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "ok" }, Rules = [Rule("", ["configmaps"], "get")] }, ns, cancellationToken: Ct);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => author.RbacAuthorizationV1.CreateNamespacedRoleAsync(
            new V1Role { Metadata = new V1ObjectMeta { Name = "too-much" }, Rules = [Rule("", ["secrets", "configmaps"], "get", "list")] }, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Equal(
            $"roles.rbac.authorization.k8s.io \"too-much\" is forbidden: user \"system:serviceaccount:{ns}:author\" (groups=[\"system:serviceaccounts\" \"system:serviceaccounts:{ns}\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n{{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}}",
            (string?)JsonNode.Parse(refused.Response.Content)!["message"]);

        var bind = await Assert.ThrowsAsync<HttpOperationException>(() => author.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "grab-admin" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "admin" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "author", NamespaceProperty = ns }],
        }, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, bind.Response.StatusCode);
        Assert.StartsWith("rolebindings.rbac.authorization.k8s.io \"grab-admin\" is forbidden: user ", (string?)JsonNode.Parse(bind.Response.Content)!["message"], StringComparison.Ordinal);

        // Binding a role whose rules it holds is fine; changing the binding's roleRef is not (422).
        var binding = await author.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "ok" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "ok" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "author", NamespaceProperty = ns }],
        }, ns, cancellationToken: Ct);
        binding.RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "author" };
        var immutable = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(binding, "ok", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, immutable.Response.StatusCode);
        Assert.True(Message(immutable).Contains("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"author\"}: cannot change roleRef", StringComparison.Ordinal), immutable.Response.Content);

        // The cluster admin (system:masters) is not held to it.
        await fixture.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "big" }, Rules = [Rule("*", ["*"], "*")] }, ns, cancellationToken: Ct);
    }

    [Fact]
    public async Task Impersonation_is_authorized_and_needs_a_user()
    {
        var ns = await fixture.NewNamespaceAsync("rbac-imp");
        using var http = RawApi.Create(fixture.Server);
        using var noUser = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        noUser.Headers.Add("Impersonate-Group", "system:masters");
        var bad = await http.SendAsync(noUser, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("without impersonating a user", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var asNobody = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        asNobody.Headers.Add("Impersonate-User", "nobody");
        var denied = await http.SendAsync(asNobody, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal($"pods is forbidden: User \"nobody\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns}\"", (string?)JsonNode.Parse(await denied.Content.ReadAsStringAsync(Ct))!["message"]);

        // A service account may not impersonate unless granted.
        using var robotHttp = RawFor(await AccountTokenAsync(ns, "robot", Rule("", ["pods"], "list")));
        using var escalate = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets");
        escalate.Headers.Add("Impersonate-User", "admin");
        escalate.Headers.Add("Impersonate-Group", "system:masters");
        var refused = await robotHttp.SendAsync(escalate, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal($"users \"admin\" is forbidden: User \"system:serviceaccount:{ns}:robot\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
            (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!["message"]);
    }

    [Fact]
    public async Task Rules_review_and_subject_access_review_tell_the_truth()
    {
        var ns = await fixture.NewNamespaceAsync("rbac-rev");
        using var reader = await AccountAsync(ns, "reader", Rule("", ["configmaps"], "get", "list"));
        var rules = await reader.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec { NamespaceProperty = ns } }, cancellationToken: Ct);
        Assert.Contains(rules.Status.ResourceRules, r => r.Resources?.SequenceEqual(["configmaps"]) == true && r.Verbs.SequenceEqual(["get", "list"]));
        Assert.Contains(rules.Status.ResourceRules, r => r.Resources?.Contains("selfsubjectaccessreviews") == true);
        Assert.Contains(rules.Status.NonResourceRules, r => r.NonResourceURLs.Contains("/apis/*"));
        Assert.DoesNotContain(rules.Status.ResourceRules, r => r.Resources?.Contains("secrets") == true);
        Assert.False(rules.Status.Incomplete);

        var review = await fixture.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = $"system:serviceaccount:{ns}:reader",
                Groups = ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = ns, Verb = "list", Resource = "configmaps" },
            },
        }, cancellationToken: Ct);
        Assert.True(review.Status.Allowed);
        Assert.Equal($"RBAC: allowed by RoleBinding \"reader/{ns}\" of Role \"reader\" to ServiceAccount \"reader/{ns}\"", review.Status.Reason);
        var secrets = await fixture.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = $"system:serviceaccount:{ns}:reader", ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = ns, Verb = "list", Resource = "secrets" } },
        }, cancellationToken: Ct);
        Assert.False(secrets.Status.Allowed);
        var local = await fixture.Client.AuthorizationV1.CreateNamespacedLocalSubjectAccessReviewAsync(new V1LocalSubjectAccessReview
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = ns },
            Spec = new V1SubjectAccessReviewSpec { User = $"system:serviceaccount:{ns}:reader", ResourceAttributes = new V1ResourceAttributes { Verb = "get", Resource = "configmaps" } },
        }, ns, cancellationToken: Ct);
        Assert.True(local.Status.Allowed);
        var nobody = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = "get", Resource = "pods" } },
        }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nobody.Response.StatusCode);
        Assert.Contains("at least one of user or group must be specified", nobody.Response.Content, StringComparison.Ordinal);
    }

    private static string Message(HttpOperationException e) => (string?)JsonNode.Parse(e.Response.Content)!["message"] ?? "";

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition()) return;
            await Task.Delay(25, Ct);
        }
        Assert.Fail("the condition did not hold within 5 s");
    }
}
