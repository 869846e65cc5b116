using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Discovery;

/// <summary>Legacy and aggregated discovery documents, as client-go reads them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DiscoveryTests(ClusterFixture fixture)
{
    private const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    internal static async Task<(HttpResponseMessage Response, JsonNode? Body)> GetAsync(ClusterFixture fixture, string path, string? accept = null)
    {
        var http = ((k8s.Kubernetes)fixture.Client).HttpClient;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.Endpoint, path));
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null);
    }

    private static JsonObject Resource(JsonNode list, string name) =>
        list["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!.AsObject();

    [Fact]
    public async Task Api_lists_the_core_version_and_the_server_address()
    {
        var (response, body) = await GetAsync(fixture, "/api", "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("APIVersions", body!["kind"]!.GetValue<string>());
        Assert.Equal(["v1"], body["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("0.0.0.0/0", body["serverAddressByClientCIDRs"]![0]!["clientCIDR"]!.GetValue<string>());
        Assert.Equal($"{fixture.Server.Endpoint.Host}:{fixture.Server.Endpoint.Port}", body["serverAddressByClientCIDRs"]![0]!["serverAddress"]!.GetValue<string>());
    }

    [Fact]
    public async Task Core_resource_list_has_short_names_categories_and_subresources()
    {
        var (_, body) = await GetAsync(fixture, "/api/v1");
        Assert.Equal("APIResourceList", body!["kind"]!.GetValue<string>());
        Assert.Equal("v1", body["groupVersion"]!.GetValue<string>());
        var configmaps = Resource(body, "configmaps");
        Assert.Equal("configmap", configmaps["singularName"]!.GetValue<string>());
        Assert.True(configmaps["namespaced"]!.GetValue<bool>());
        Assert.Equal("ConfigMap", configmaps["kind"]!.GetValue<string>());
        Assert.Equal(["cm"], configmaps["shortNames"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("patch", configmaps["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Null(configmaps["categories"]);
        Assert.Equal(["all"], Resource(body, "pods")["categories"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(Resource(body, "namespaces")["namespaced"]!.GetValue<bool>());

        var podStatus = Resource(body, "pods/status");
        Assert.Equal("Pod", podStatus["kind"]!.GetValue<string>());
        Assert.Equal(["get", "patch", "update"], podStatus["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        var token = Resource(body, "serviceaccounts/token");
        Assert.Equal("TokenRequest", token["kind"]!.GetValue<string>());
        Assert.Equal("authentication.k8s.io", token["group"]!.GetValue<string>());
        Assert.Equal(["create"], token["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Groups_with_preferred_versions()
    {
        var (_, list) = await GetAsync(fixture, "/apis", "application/json");
        Assert.Equal("APIGroupList", list!["kind"]!.GetValue<string>());
        var apps = list["groups"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == "apps")!;
        Assert.Equal("apps/v1", apps["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        Assert.Contains(list["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "rbac.authorization.k8s.io");

        var (_, group) = await GetAsync(fixture, "/apis/networking.k8s.io");
        Assert.Equal("APIGroup", group!["kind"]!.GetValue<string>());
        Assert.Equal("v1", group["versions"]![0]!["version"]!.GetValue<string>());

        var (_, resources) = await GetAsync(fixture, "/apis/apps/v1");
        Assert.Equal("apps/v1", resources!["groupVersion"]!.GetValue<string>());
        Assert.Equal(["all"], Resource(resources, "deployments")["categories"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["deploy"], Resource(resources, "deployments")["shortNames"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.NotNull(Resource(resources, "deployments/status"));
    }

    [Theory]
    [InlineData("/apis/nothing.example.com")]
    [InlineData("/apis/apps/v9")]
    [InlineData("/api/v2")]
    public async Task Unknown_groups_and_versions_are_404(string path)
    {
        var (response, body) = await GetAsync(fixture, path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", body!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(AggregatedV2, "v2")]
    [InlineData(AggregatedV2Beta1 + ",application/json", "v2beta1")]
    public async Task Aggregated_discovery_when_asked(string accept, string version)
    {
        var (response, apis) = await GetAsync(fixture, "/apis", accept);
        Assert.Equal($"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("APIGroupDiscoveryList", apis!["kind"]!.GetValue<string>());
        Assert.Equal($"apidiscovery.k8s.io/{version}", apis["apiVersion"]!.GetValue<string>());
        var apps = apis["items"]!.AsArray().Single(i => i!["metadata"]!["name"]?.GetValue<string>() == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("Namespaced", deployments["scope"]!.GetValue<string>());
        Assert.Equal("deployment", deployments["singularResource"]!.GetValue<string>());
        Assert.Equal("Deployment", deployments["responseKind"]!["kind"]!.GetValue<string>());
        Assert.Equal(["all"], deployments["categories"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("status", deployments["subresources"]![0]!["subresource"]!.GetValue<string>());

        var (_, core) = await GetAsync(fixture, "/api", accept);
        var resources = core!["items"]![0]!["versions"]![0]!["resources"]!.AsArray();
        Assert.Equal("Cluster", resources.Single(r => r!["resource"]!.GetValue<string>() == "namespaces")!["scope"]!.GetValue<string>());
        var sa = resources.Single(r => r!["resource"]!.GetValue<string>() == "serviceaccounts")!;
        Assert.Equal("TokenRequest", sa["subresources"]![0]!["responseKind"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plain_json_first_gets_legacy_discovery()
    {
        var (response, body) = await GetAsync(fixture, "/apis", "application/json, " + AggregatedV2);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("APIGroupList", body!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Discovery_follows_the_catalog()
    {
        await using var server = await KubeApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(server.Kubeconfig))));
        async Task<JsonNode> Get(string path)
        {
            using var response = await client.HttpClient.GetAsync(new Uri(server.Endpoint, path), TestContext.Current.CancellationToken);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        }
        var before = await Get("/openapi/v3");
        Assert.Null(before["paths"]!["apis/example.piksel.io/v1alpha1"]);

        server.State.Catalog.Register(new ResourceType
        {
            Group = "example.piksel.io",
            Version = "v1alpha1",
            Kind = "Widget",
            Plural = "widgets",
            Singular = "widget",
            Namespaced = true,
            ShortNames = ["wd"],
        });
        Assert.Equal("Widget", Resource(await Get("/apis/example.piksel.io/v1alpha1"), "widgets")["kind"]!.GetValue<string>());
        Assert.Contains((await Get("/apis"))["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "example.piksel.io");

        // The OpenAPI documents are regenerated: the new group-version is listed and its PATCH accepts fieldValidation.
        var url = (await Get("/openapi/v3"))["paths"]!["apis/example.piksel.io/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>();
        var doc = await Get(url);
        var patch = doc["paths"]!["/apis/example.piksel.io/v1alpha1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        Assert.Equal("Widget", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Equal(before["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>(), (await Get("/openapi/v3"))["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>());
    }
}
