using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

[Collection(ClusterCollection.Name)]
public sealed class ReviewTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<V1TokenReview> ReviewAsync(string token, IList<string>? audiences = null) =>
        fixture.Client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences } }, cancellationToken: Ct);

    [Fact]
    public async Task TokenReview_accepts_a_good_token_and_says_whose_it_is()
    {
        var ns = await fixture.NewNamespaceAsync("rev");
        var account = await EnsureServiceAccountAsync(fixture.Client, ns, "app");
        var token = (await RequestTokenAsync(fixture.Client, ns, "app", audiences: ["sts.amazonaws.com", "vault"])).Status.Token;

        var review = await ReviewAsync(token, ["vault"]);
        Assert.Equal("TokenReview", review.Kind);
        Assert.Equal("authentication.k8s.io/v1", review.ApiVersion);
        Assert.True(review.Status.Authenticated);
        Assert.Equal($"system:serviceaccount:{ns}:app", review.Status.User.Username);
        Assert.Equal(account.Metadata.Uid, review.Status.User.Uid);
        Assert.Equal(["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], review.Status.User.Groups);
        Assert.Equal(["vault"], review.Status.Audiences);
        Assert.Null(review.Status.Error);

        // Without audiences the API's own is wanted, which this token lacks.
        var rejected = await ReviewAsync(token);
        Assert.NotEqual(true, rejected.Status.Authenticated);
        Assert.Equal($"[invalid bearer token, token audiences [\"sts.amazonaws.com\" \"vault\"] is invalid for the target audiences [\"{fixture.Server.Issuer}\"]]", rejected.Status.Error);
    }

    [Fact]
    public async Task TokenReview_of_a_deleted_accounts_token_or_garbage_is_unauthenticated()
    {
        var ns = await fixture.NewNamespaceAsync("rev");
        await EnsureServiceAccountAsync(fixture.Client, ns, "gone");
        var token = (await RequestTokenAsync(fixture.Client, ns, "gone")).Status.Token;
        Assert.True((await ReviewAsync(token)).Status.Authenticated);
        await fixture.Client.CoreV1.DeleteNamespacedServiceAccountAsync("gone", ns, cancellationToken: Ct);

        var review = await ReviewAsync(token);
        Assert.NotEqual(true, review.Status.Authenticated);
        Assert.Equal("[invalid bearer token, serviceaccounts \"gone\" not found]", review.Status.Error);
        Assert.Null(review.Status.User.Username);

        Assert.NotEqual(true, (await ReviewAsync("not-a-jwt")).Status.Authenticated);
    }

    [Fact]
    public async Task TokenReview_wire_form_echoes_the_request()
    {
        using var http = Anonymous(fixture.Server);
        http.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Server.State.Options.AdminToken);
        using var content = new StringContent("""{"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","spec":{"token":"x.y.z"}}""", System.Text.Encoding.UTF8, "application/json");
        var response = await http.PostAsync("/apis/authentication.k8s.io/v1/tokenreviews", content, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("TokenReview", (string?)body["kind"]);
        Assert.True(body["metadata"]!.AsObject().ContainsKey("creationTimestamp"));
        Assert.Null(body["metadata"]!["creationTimestamp"]);
        Assert.Equal("x.y.z", (string?)body["spec"]!["token"]);
        Assert.Equal("{}", body["status"]!["user"]!.ToJsonString());
    }

    [Fact]
    public async Task SelfSubjectReview_is_whoami()
    {
        var review = await fixture.Client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
        Assert.Equal("SelfSubjectReview", review.Kind);
        Assert.Equal("kubernetes-admin", review.Status.UserInfo.Username);
        Assert.Equal(["system:masters", "system:authenticated"], review.Status.UserInfo.Groups);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_asks_the_authorizer()
    {
        var review = await fixture.Client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = "default", Verb = "get", Resource = "pods" } },
        }, cancellationToken: Ct);
        Assert.Equal("SelfSubjectAccessReview", review.Kind);
        Assert.True(review.Status.Allowed);
        Assert.Equal("pods", review.Spec.ResourceAttributes.Resource);

        var invalid = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => fixture.Client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(
            new V1SelfSubjectAccessReview { Spec = new V1SelfSubjectAccessReviewSpec() }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        Assert.Contains("exactly one of nonResourceAttributes or resourceAttributes must be specified", invalid.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_reports_a_denial_and_its_reason()
    {
        await using var server = await KubeApiServer.CreateBuilder().AddAuthorizer((_, _) => new DenySecrets()).StartAsync(cancellationToken: Ct);
        using var admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(server.Kubeconfig))));
        var review = await admin.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = "default", Verb = "list", Resource = "secrets" } },
        }, cancellationToken: Ct);
        Assert.False(review.Status.Allowed);
        Assert.Equal("no secrets for you", review.Status.Reason);
    }

    private sealed class DenySecrets : Auth.IRequestAuthorizer
    {
        public string? Authorize(Auth.RequestAttributes attributes) =>
            attributes.Resource == "secrets" ? "no secrets for you" : null;
    }
}
