using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

[Collection(ClusterCollection.Name)]
public sealed class TokenRequestTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Defaults_to_an_hour_for_the_API_audience()
    {
        var ns = await fixture.NewNamespaceAsync("tr");
        var account = await EnsureServiceAccountAsync(fixture.Client, ns, "builder");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await RequestTokenAsync(fixture.Client, ns, "builder");

        Assert.Equal("builder", response.Metadata.Name);
        Assert.Equal(ns, response.Metadata.NamespaceProperty);
        Assert.NotNull(response.Metadata.CreationTimestamp);
        Assert.Equal([fixture.Server.Issuer], response.Spec.Audiences);
        Assert.Equal(3600, response.Spec.ExpirationSeconds);
        Assert.Null(response.Spec.BoundObjectRef);
        var expires = Utc(response.Status.ExpirationTimestamp!.Value);
        Assert.InRange(expires, before.AddSeconds(3600), DateTimeOffset.UtcNow.AddSeconds(3601));

        var header = Part(response.Status.Token, 0);
        Assert.Equal(["alg", "kid"], header.Select(p => p.Key));
        Assert.Equal("RS256", (string?)header["alg"]);
        var claims = Part(response.Status.Token, 1);
        Assert.Equal(["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"], claims.Select(p => p.Key));
        Assert.Equal(fixture.Server.Issuer, (string?)claims["iss"]);
        Assert.Equal($"system:serviceaccount:{ns}:builder", (string?)claims["sub"]);
        Assert.Equal([fixture.Server.Issuer], claims["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(3600, (long)claims["exp"]! - (long)claims["iat"]!);
        Assert.Equal((long)claims["iat"]!, (long)claims["nbf"]!);
        Assert.Equal(expires.ToUnixTimeSeconds(), (long)claims["exp"]!);
        Assert.True(Guid.TryParse((string?)claims["jti"], out _));
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["namespace"] = ns, ["serviceaccount"] = new JsonObject { ["name"] = "builder", ["uid"] = account.Metadata.Uid } },
            claims["kubernetes.io"]));
    }

    [Fact]
    public async Task Audiences_and_expiration_are_taken_as_asked()
    {
        var ns = await fixture.NewNamespaceAsync("tr");
        await EnsureServiceAccountAsync(fixture.Client, ns, "app");
        var response = await RequestTokenAsync(fixture.Client, ns, "app", 86400, ["sts.amazonaws.com"]);
        Assert.Equal(["sts.amazonaws.com"], response.Spec.Audiences);
        var claims = Part(response.Status.Token, 1);
        Assert.Equal(["sts.amazonaws.com"], claims["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(86400, (long)claims["exp"]! - (long)claims["iat"]!);
    }

    [Fact]
    public async Task Missing_service_account_is_NotFound()
    {
        var ns = await fixture.NewNamespaceAsync("tr");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => RequestTokenAsync(fixture.Client, ns, "ghost"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        Assert.Contains("serviceaccounts \\\"ghost\\\" not found", e.Response.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(599, "Invalid value: 599: may not specify a duration less than 10 minutes")]
    [InlineData(4294967297, "Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds")]
    public async Task Expiration_out_of_range_is_Invalid(long seconds, string message)
    {
        var ns = await fixture.NewNamespaceAsync("tr");
        await EnsureServiceAccountAsync(fixture.Client, ns, "app");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => RequestTokenAsync(fixture.Client, ns, "app", seconds));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        var status = JsonNode.Parse(e.Response.Content)!;
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal($"TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: {message}", (string?)status["message"]);
        Assert.Equal("spec.expirationSeconds", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Bound_to_a_pod_carries_the_pod_and_checks_it()
    {
        var ns = await fixture.NewNamespaceAsync("tr");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        await EnsureServiceAccountAsync(fixture.Client, ns, "worker");
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web", "worker"), ns, cancellationToken: Ct);

        var response = await RequestTokenAsync(fixture.Client, ns, "worker", bound: new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "web", Uid = pod.Metadata.Uid });
        Assert.Equal("web", response.Spec.BoundObjectRef.Name);
        var k8s = Part(response.Status.Token, 1)["kubernetes.io"]!;
        Assert.Equal(["namespace", "pod", "serviceaccount"], k8s.AsObject().Select(p => p.Key));
        Assert.Equal("web", (string?)k8s["pod"]!["name"]);
        Assert.Equal(pod.Metadata.Uid, (string?)k8s["pod"]!["uid"]);

        // Another pod's uid: Conflict, as after a delete and re-create.
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => RequestTokenAsync(fixture.Client, ns, "worker",
            bound: new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "web", Uid = Guid.NewGuid().ToString() }));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Contains("the UID in the bound object reference", stale.Response.Content, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => RequestTokenAsync(fixture.Client, ns, "worker",
            bound: new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "nope" }));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("pods \\\"nope\\\" not found", missing.Response.Content, StringComparison.Ordinal);

        // The pod runs as "worker": a token for "default" cannot be bound to it.
        var other = await Assert.ThrowsAsync<HttpOperationException>(() => RequestTokenAsync(fixture.Client, ns, "default",
            bound: new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "web" }));
        Assert.Equal(HttpStatusCode.BadRequest, other.Response.StatusCode);
        Assert.Contains("cannot bind token for serviceaccount \\\"default\\\" to pod running with serviceaccount \\\"worker\\\"", other.Response.Content, StringComparison.Ordinal);

        var node = await Assert.ThrowsAsync<HttpOperationException>(() => RequestTokenAsync(fixture.Client, ns, "worker",
            bound: new V1BoundObjectReference { Kind = "ConfigMap", ApiVersion = "v1", Name = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, node.Response.StatusCode);
        Assert.Contains("cannot bind token to object of type /v1, Kind=ConfigMap", node.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubelet_tokens_are_extended_with_warnafter()
    {
        var ns = await fixture.NewNamespaceAsync("tr");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns, cancellationToken: Ct);
        var response = await RequestTokenAsync(fixture.Client, ns, "default", 3607, bound: new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "web", Uid = pod.Metadata.Uid });
        var claims = Part(response.Status.Token, 1);
        var iat = (long)claims["iat"]!;
        Assert.Equal(iat + 3607, (long)claims["kubernetes.io"]!["warnafter"]!);
        Assert.Equal(iat + 365L * 24 * 3600, (long)claims["exp"]!);
        // The status still says what was asked for.
        Assert.Equal(iat + 3607, Utc(response.Status.ExpirationTimestamp!.Value).ToUnixTimeSeconds());
    }
}
