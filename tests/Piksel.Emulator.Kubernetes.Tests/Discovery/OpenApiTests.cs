using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Discovery;

/// <summary>The OpenAPI v2 and v3 documents: names, group-version-kinds, patch metadata and the fieldValidation parameter kubectl looks for.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiTests(ClusterFixture fixture)
{
    private async Task<(string Url, JsonNode Doc)> V3Async(string groupVersion)
    {
        var (_, index) = await DiscoveryTests.GetAsync(fixture, "/openapi/v3");
        var url = index!["paths"]![groupVersion]!["serverRelativeURL"]!.GetValue<string>();
        var (response, doc) = await DiscoveryTests.GetAsync(fixture, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (url, doc!);
    }

    [Fact]
    public async Task V3_index_lists_every_group_version_with_a_hash()
    {
        var (_, index) = await DiscoveryTests.GetAsync(fixture, "/openapi/v3");
        var paths = index!["paths"]!.AsObject();
        foreach (var gv in new[] { "api/v1", "apis/apps/v1", "apis/rbac.authorization.k8s.io/v1", "apis/networking.k8s.io/v1" })
            Assert.Matches($"^/openapi/v3/{gv.Replace(".", "\\.", StringComparison.Ordinal)}\\?hash=[0-9A-F]{{128}}$", paths[gv]!["serverRelativeURL"]!.GetValue<string>());
    }

    [Fact]
    public async Task V3_document_has_schemas_named_as_the_real_spec()
    {
        var (_, doc) = await V3Async("api/v1");
        Assert.Equal("3.0.0", doc["openapi"]!.GetValue<string>());
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var configMap = schemas["io.k8s.api.core.v1.ConfigMap"]!;
        Assert.Equal("ConfigMap", configMap["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("", configMap["x-kubernetes-group-version-kind"]![0]!["group"]!.GetValue<string>());
        Assert.Equal("string", configMap["properties"]!["data"]!["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Contains("Data contains the configuration data", configMap["properties"]!["data"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", configMap["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]);
        Assert.Equal("byte", schemas["io.k8s.api.core.v1.Secret"]!["properties"]!["data"]!["additionalProperties"]!["format"]!.GetValue<string>());
        Assert.Equal("date-time", schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["creationTimestamp"]!["format"]!.GetValue<string>());

        var port = schemas["io.k8s.api.core.v1.ServicePort"]!;
        Assert.Contains("port", port["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("int32", port["properties"]!["port"]!["format"]!.GetValue<string>());
        Assert.Equal("int-or-string", schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!["format"]!.GetValue<string>());
        Assert.Equal(["string", "number"], schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]!["oneOf"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));

        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", containers["items"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task V3_patch_operations_carry_the_gvk_and_fieldValidation()
    {
        var (_, doc) = await V3Async("apis/apps/v1");
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("patchAppsV1NamespacedDeployment", patch["operationId"]!.GetValue<string>());
        Assert.Equal("Deployment", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        Assert.NotNull(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
        // Deployments reference core types under their real (core) names.
        Assert.NotNull(doc["components"]!["schemas"]!["io.k8s.api.core.v1.PodTemplateSpec"]);
        Assert.NotNull(doc["components"]!["schemas"]!["io.k8s.api.apps.v1.DeploymentSpec"]);
    }

    [Fact]
    public async Task Stale_hash_redirects_and_current_hash_is_immutable()
    {
        var (url, _) = await V3Async("api/v1");
        var (current, _) = await DiscoveryTests.GetAsync(fixture, url);
        Assert.Contains("immutable", current.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var (stale, _) = await DiscoveryTests.GetAsync(fixture, "/openapi/v3/api/v1?hash=0000");
        // The client follows the 301 to the current document.
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.EndsWith(url, stale.RequestMessage!.RequestUri!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2_has_definitions_and_paths()
    {
        var (response, doc) = await DiscoveryTests.GetAsync(fixture, "/openapi/v2", "application/json");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("2.0", doc!["swagger"]!.GetValue<string>());
        var role = doc["definitions"]!["io.k8s.api.rbac.v1.Role"]!;
        Assert.Equal("rbac.authorization.k8s.io", role["x-kubernetes-group-version-kind"]![0]!["group"]!.GetValue<string>());
        Assert.Equal("#/definitions/io.k8s.api.rbac.v1.PolicyRule", role["properties"]!["rules"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(doc["definitions"]!["io.k8s.api.core.v1.Event"]);
        var patch = doc["paths"]!["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");

        var (proto, _) = await DiscoveryTests.GetAsync(fixture, "/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", proto.Content.Headers.ContentType!.ToString());
        var bytes = await proto.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0x0A, bytes[0]); // field 1 (swagger), length-delimited
    }
}
