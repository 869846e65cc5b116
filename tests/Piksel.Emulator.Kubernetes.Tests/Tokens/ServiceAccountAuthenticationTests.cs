using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

[Collection(ClusterCollection.Name)]
public sealed class ServiceAccountAuthenticationTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The namespace's service accounts may list its ConfigMaps (under RBAC they may nothing else).</summary>
    private static async Task AllowListingConfigMapsAsync(IKubernetes admin, string ns)
    {
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "list-configmaps" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["list"] }],
        }, ns, cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "list-configmaps" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "list-configmaps" },
            Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "Group", Name = "system:serviceaccounts:" + ns }],
        }, ns, cancellationToken: Ct);
    }

    private static async Task<HttpStatusCode> StatusOfListAsync(IKubernetes client, string ns)
    {
        try
        {
            await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct);
            return HttpStatusCode.OK;
        }
        catch (HttpOperationException e)
        {
            return e.Response.StatusCode;
        }
    }

    [Fact]
    public async Task A_token_authenticates_as_its_service_account()
    {
        var ns = await fixture.NewNamespaceAsync("auth");
        var account = await EnsureServiceAccountAsync(fixture.Client, ns, "reader");
        await AllowListingConfigMapsAsync(fixture.Client, ns);
        var token = (await RequestTokenAsync(fixture.Client, ns, "reader")).Status.Token;
        using var client = ClientFor(fixture.Server, token);

        Assert.Equal(HttpStatusCode.OK, await StatusOfListAsync(client, ns));
        var whoami = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
        var user = whoami.Status.UserInfo;
        Assert.Equal($"system:serviceaccount:{ns}:reader", user.Username);
        Assert.Equal(account.Metadata.Uid, user.Uid);
        Assert.Equal(["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], user.Groups);
        var jti = (string?)Part(token, 1)["jti"];
        Assert.Equal([$"JTI={jti}"], user.Extra["authentication.kubernetes.io/credential-id"]);
        Assert.False(user.Extra.ContainsKey("authentication.kubernetes.io/pod-name"));
    }

    [Fact]
    public async Task A_token_for_another_audience_or_tampered_is_Unauthorized()
    {
        var ns = await fixture.NewNamespaceAsync("auth");
        await EnsureServiceAccountAsync(fixture.Client, ns, "app");
        var sts = (await RequestTokenAsync(fixture.Client, ns, "app", audiences: ["sts.amazonaws.com"])).Status.Token;
        using (var client = ClientFor(fixture.Server, sts))
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfListAsync(client, ns));

        var good = (await RequestTokenAsync(fixture.Client, ns, "app")).Status.Token;
        var parts = good.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";
        using (var client = ClientFor(fixture.Server, tampered))
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfListAsync(client, ns));
    }

    [Fact]
    public async Task A_token_stops_working_when_its_service_account_is_deleted_or_recreated()
    {
        var ns = await fixture.NewNamespaceAsync("auth");
        await EnsureServiceAccountAsync(fixture.Client, ns, "temp");
        await AllowListingConfigMapsAsync(fixture.Client, ns);
        var token = (await RequestTokenAsync(fixture.Client, ns, "temp")).Status.Token;
        using var client = ClientFor(fixture.Server, token);
        Assert.Equal(HttpStatusCode.OK, await StatusOfListAsync(client, ns));

        await fixture.Client.CoreV1.DeleteNamespacedServiceAccountAsync("temp", ns, cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfListAsync(client, ns));

        // Same name, new uid: still refused.
        // (The RoleBinding names the service account, so it still grants the new one: only the token's uid refuses it.)
        await EnsureServiceAccountAsync(fixture.Client, ns, "temp");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfListAsync(client, ns));
    }

    [Fact]
    public async Task A_pod_bound_token_names_the_pod_and_dies_with_it()
    {
        var ns = await fixture.NewNamespaceAsync("auth");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns, cancellationToken: Ct);
        var token = (await RequestTokenAsync(fixture.Client, ns, "default", bound: new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "web", Uid = pod.Metadata.Uid })).Status.Token;
        using var client = ClientFor(fixture.Server, token);

        var user = (await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct)).Status.UserInfo;
        Assert.Equal(["web"], user.Extra["authentication.kubernetes.io/pod-name"]);
        Assert.Equal([pod.Metadata.Uid], user.Extra["authentication.kubernetes.io/pod-uid"]);
        Assert.Equal(
            ["authentication.kubernetes.io/credential-id", "authentication.kubernetes.io/pod-name", "authentication.kubernetes.io/pod-uid"],
            user.Extra.Keys.Order(StringComparer.Ordinal));

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfListAsync(client, ns));
    }

    [Fact]
    public async Task A_token_expires_with_the_servers_clock()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TimeProvider = clock }, cancellationToken: Ct);
        using var admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(server.Kubeconfig))));
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "clock" } }, cancellationToken: Ct);
        await EnsureServiceAccountAsync(admin, "clock", "app");
        await AllowListingConfigMapsAsync(admin, "clock");
        var token = (await RequestTokenAsync(admin, "clock", "app", 600)).Status.Token;
        using var client = ClientFor(server, token);

        clock.Advance(TimeSpan.FromSeconds(600 + 59));
        Assert.Equal(HttpStatusCode.OK, await StatusOfListAsync(client, "clock")); // within go-jose's minute of leeway
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfListAsync(client, "clock"));
    }
}
