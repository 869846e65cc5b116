using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Tests.Discovery;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using Piksel.Emulator.Kubernetes.Tests.Rest;
using static Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf.ProtoWriter;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

/// <summary>SelfSubjectReview in v1, v1beta1 and v1alpha1 (kubectl 1.27's <c>auth whoami</c> asks for v1beta1, then v1alpha1).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SelfSubjectReviewVersionTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, HttpContent content)
    {
        using var http = RawApi.Create(fixture.Server);
        using var response = await http.PostAsync(path, content, Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha1")]
    public async Task Each_version_answers_in_its_own_version(string version)
    {
        var apiVersion = $"authentication.k8s.io/{version}";
        using var json = new StringContent($$$"""{"kind":"SelfSubjectReview","apiVersion":"{{{apiVersion}}}","metadata":{"creationTimestamp":null}}""", System.Text.Encoding.UTF8, "application/json");
        var (code, review) = await PostAsync($"apis/{apiVersion}/selfsubjectreviews", json);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(apiVersion, review["apiVersion"]?.GetValue<string>());
        Assert.Equal("SelfSubjectReview", review["kind"]?.GetValue<string>());
        Assert.Contains("system:masters", review["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        using var proto = new ByteArrayContent(Envelope(apiVersion, "SelfSubjectReview", NewObjectMeta("")));
        proto.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        (code, review) = await PostAsync($"apis/{apiVersion}/selfsubjectreviews", proto);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(apiVersion, review["apiVersion"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_unserved_version_is_404_so_clients_can_fall_back()
    {
        using var json = new StringContent("""{"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v2"}""", System.Text.Encoding.UTF8, "application/json");
        var (code, status) = await PostAsync("apis/authentication.k8s.io/v2/selfsubjectreviews", json);
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", status["reason"]?.GetValue<string>());
    }

    [Fact]
    public async Task Discovery_prefers_v1_and_openapi_describes_each_version()
    {
        var (_, group) = await DiscoveryTests.GetAsync(fixture, "/apis/authentication.k8s.io");
        Assert.Equal("authentication.k8s.io/v1", group!["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        Assert.Equal(["v1", "v1beta1", "v1alpha1"], group["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));

        var (_, document) = await DiscoveryTests.GetAsync(fixture, "/openapi/v3/apis/authentication.k8s.io/v1beta1");
        var schema = document!["components"]!["schemas"]!["io.k8s.api.authentication.v1beta1.SelfSubjectReview"]!;
        var gvk = Assert.Single(schema["x-kubernetes-group-version-kind"]!.AsArray())!;
        Assert.Equal("v1beta1", gvk["version"]!.GetValue<string>());
        var post = document["paths"]!["/apis/authentication.k8s.io/v1beta1/selfsubjectreviews"]!["post"]!;
        Assert.Equal("#/components/schemas/io.k8s.api.authentication.v1beta1.SelfSubjectReview",
            post["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }
}
