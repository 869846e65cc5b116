using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Discovery;

/// <summary>Server-side field validation: <c>fieldValidation=Strict|Warn|Ignore</c> on create and update.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FieldValidationTests(ClusterFixture fixture)
{
    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpMethod method, string path, string json)
    {
        var http = ((k8s.Kubernetes)fixture.Client).HttpClient;
        using var request = new HttpRequestMessage(method, new Uri(fixture.Server.Endpoint, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string ConfigMap(string name, string extra) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"any-key":"ok"}{{{extra}}}},"data":{"free":"keys"}}""";

    private static string Deployment(string name) => """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME"},"spec":{"replicas":1,"foo":1,
         "selector":{"matchLabels":{"app":"x"}},
         "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"x","image":"nginx","bar":true,"resources":{"limits":{"cpu":"1"}},"ports":[{"containerPort":80}]}]}}}}
        """.Replace("NAME", name, StringComparison.Ordinal);

    [Fact]
    public async Task Strict_refuses_unknown_fields_with_their_paths()
    {
        var ns = await fixture.NewNamespaceAsync("strict");
        var (response, body) = await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments?fieldValidation=Strict", Deployment("web"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].bar\"",
            status["message"]!.GetValue<string>());

        var (meta, metaBody) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", ConfigMap("m", ""","colour":"x" """));
        Assert.Equal(HttpStatusCode.BadRequest, meta.StatusCode);
        Assert.Contains("unknown field \\\"metadata.colour\\\"", metaBody, StringComparison.Ordinal);

        var (ok, _) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", ConfigMap("fine", ""));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task Strict_refuses_duplicate_fields()
    {
        var ns = await fixture.NewNamespaceAsync("dup");
        var json = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":{"a":"1"},"data":{"a":"2"}}""";
        var (response, body) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("strict decoding error: duplicate field \\\"data\\\"", body, StringComparison.Ordinal);

        var (warned, stored) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Warn", json);
        Assert.Equal(HttpStatusCode.Created, warned.StatusCode);
        Assert.Equal("2", JsonNode.Parse(stored)!["data"]!["a"]!.GetValue<string>());
        Assert.Contains("299 - \"duplicate field \\\"data\\\"\"", warned.Headers.GetValues("Warning"));
    }

    [Theory]
    [InlineData("Warn", true)]
    [InlineData("", true)]
    [InlineData("Ignore", false)]
    public async Task Warn_and_Ignore_drop_unknown_fields(string directive, bool warns)
    {
        var ns = await fixture.NewNamespaceAsync("warn");
        var query = directive.Length > 0 ? $"?fieldValidation={directive}" : "";
        var (response, body) = await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments{query}", Deployment("web"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = JsonNode.Parse(body)!;
        Assert.Null(stored["spec"]!["foo"]);
        Assert.Null(stored["spec"]!["template"]!["spec"]!["containers"]![0]!["bar"]);
        Assert.Equal("1", stored["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToList() : [];
        if (warns)
            Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"unknown field \\\"spec.template.spec.containers[0].bar\\\"\""], warnings);
        else
            Assert.Empty(warnings);
    }

    [Fact]
    public async Task Update_is_validated_too()
    {
        var ns = await fixture.NewNamespaceAsync("upd");
        var (created, body) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("u", ""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var obj = JsonNode.Parse(body)!.AsObject();
        obj["spec"] = new JsonObject { ["x"] = 1 };
        var (updated, updatedBody) = await SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/u?fieldValidation=Strict", obj.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        Assert.Contains("unknown field \\\"spec\\\"", updatedBody, StringComparison.Ordinal);
    }
}
