using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class PatchTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> ConfigMapAsync(string ns, string name = "cm")
    {
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
            Data = new Dictionary<string, string> { ["a"] = "1", ["b/c"] = "2" },
        }, ns, cancellationToken: Ct);
        return name;
    }

    [Fact]
    public async Task Json_patch_applies_every_operation_and_a_failed_test_is_422()
    {
        var ns = await fixture.NewNamespaceAsync("jsonpatch");
        var name = await ConfigMapAsync(ns);
        var patch = """
            [
              {"op":"test","path":"/data/a","value":"1"},
              {"op":"add","path":"/data/new","value":"x"},
              {"op":"replace","path":"/data/b~1c","value":"3"},
              {"op":"copy","from":"/data/new","path":"/data/copied"},
              {"op":"move","from":"/data/a","path":"/data/moved"},
              {"op":"remove","path":"/metadata/labels/tier"},
              {"op":"add","path":"/metadata/finalizers","value":["x/one"]},
              {"op":"add","path":"/metadata/finalizers/-","value":"x/two"}
            ]
            """;
        var cm = await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["b/c"] = "3", ["new"] = "x", ["copied"] = "x", ["moved"] = "1" }, cm.Data);
        Assert.Equal(["app"], cm.Metadata.Labels.Keys);
        Assert.Equal(["x/one", "x/two"], cm.Metadata.Finalizers);

        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/new","value":"y"}]""", V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.Response.StatusCode);
        Assert.Contains("\"reason\":\"Invalid\"", failed.Response.Content, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"remove","path":"/data/nope"}]""", V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.Response.StatusCode);

        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"add","path":"/data/x","value":"y"}]""", V1Patch.PatchType.JsonPatch), "no-such", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Merge_patch_merges_maps_deletes_nulls_and_honours_a_resourceVersion_precondition()
    {
        var ns = await fixture.NewNamespaceAsync("mergepatch");
        var name = await ConfigMapAsync(ns);
        var cm = await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":null,"z":"26"},"metadata":{"labels":{"tier":"back"}}}""", V1Patch.PatchType.MergePatch), name, ns, cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["b/c"] = "2", ["z"] = "26" }, cm.Data);
        Assert.Equal("back", cm.Metadata.Labels["tier"]);
        Assert.Equal("web", cm.Metadata.Labels["app"]);

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"resourceVersion":"1"},"data":{"q":"1"}}""", V1Patch.PatchType.MergePatch), name, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);

        // dryRun=All answers the result without storing it.
        var dry = await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"dry":"run"}}""", V1Patch.PatchType.MergePatch), name, ns, dryRun: "All", cancellationToken: Ct);
        Assert.Equal("run", dry.Data["dry"]);
        Assert.False((await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: Ct)).Data.ContainsKey("dry"));
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_and_env_by_name_and_deletes_with_directives()
    {
        var ns = await fixture.NewNamespaceAsync("smp");
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container { Name = "app", Image = "app:1", Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }] },
                            new V1Container { Name = "sidecar", Image = "side:1" },
                        ],
                    },
                },
            },
        }, ns, cancellationToken: Ct);

        var patch = """
            {"spec":{"template":{"spec":{"containers":[
              {"name":"app","image":"app:2","env":[{"name":"B","value":"two"},{"name":"C","value":"3"},{"name":"A","$patch":"delete"}]},
              {"name":"sidecar","$patch":"delete"},
              {"name":"extra","image":"extra:1"}
            ]}}}}
            """;
        var d = await fixture.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), "web", ns, cancellationToken: Ct);
        var containers = d.Spec.Template.Spec.Containers;
        Assert.Equal(["app", "extra"], containers.Select(c => c.Name));
        Assert.Equal("app:2", containers[0].Image);
        Assert.Equal([("B", "two"), ("C", "3")], containers[0].Env.Select(e => (e.Name, e.Value)));
        Assert.Equal(2, d.Metadata.Generation);

        // {"$patch":"replace"} in a merged list replaces the whole list.
        var replace = """{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"only:1"}]}}}}""";
        d = await fixture.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(replace, V1Patch.PatchType.StrategicMergePatch), "web", ns, cancellationToken: Ct);
        Assert.Equal(["only"], d.Spec.Template.Spec.Containers.Select(c => c.Name));
    }

    [Fact]
    public async Task Strategic_merge_patch_adds_and_removes_finalizers_and_the_last_one_ends_a_deletion()
    {
        var ns = await fixture.NewNamespaceAsync("finalizers");
        var name = await ConfigMapAsync(ns);
        var cm = await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"finalizers":["example.com/a","example.com/b"]}}""", V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: Ct);
        cm = await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"finalizers":["example.com/c"]}}""", V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: Ct);
        Assert.Equal(["example.com/a", "example.com/b", "example.com/c"], cm.Metadata.Finalizers);

        await fixture.Client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: Ct);
        cm = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: Ct);
        Assert.NotNull(cm.Metadata.DeletionTimestamp);

        cm = await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a","example.com/c"]}}""", V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: Ct);
        Assert.Equal(["example.com/b"], cm.Metadata.Finalizers);

        await fixture.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), name, ns, cancellationToken: Ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Unknown_patch_types_are_415()
    {
        var ns = await fixture.NewNamespaceAsync("patch415");
        var name = await ConfigMapAsync(ns);
        using var http = RawApi.Create(fixture.Server);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/namespaces/{ns}/configmaps/{name}")
        {
            Content = new StringContent("""{"data":{"x":"y"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("UnsupportedMediaType", status.RootElement.GetProperty("reason").GetString());
        Assert.Contains("application/strategic-merge-patch+json", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_custom_resource_is_415_but_merge_patch_works()
    {
        fixture.Server.State.Catalog.Register(new Piksel.Emulator.Kubernetes.Api.ResourceType
        {
            Group = "patch.example.com",
            Version = "v1",
            Kind = "Widget",
            Plural = "widgets",
            Singular = "widget",
            Namespaced = true,
        });
        var ns = await fixture.NewNamespaceAsync("crpatch");
        using var http = RawApi.Create(fixture.Server);
        var path = $"apis/patch.example.com/v1/namespaces/{ns}/widgets";
        using (var create = await http.PostAsync(path, new StringContent("""{"apiVersion":"patch.example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}""", System.Text.Encoding.UTF8, "application/json"), Ct))
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);

        async Task<HttpResponseMessage> PatchAsync(string contentType) => await http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path + "/w")
        {
            Content = new StringContent("""{"spec":{"size":2}}""", System.Text.Encoding.UTF8, contentType),
        }, Ct);
        using var strategic = await PatchAsync("application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, strategic.StatusCode);
        Assert.Contains("accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\"", await strategic.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var merge = await PatchAsync("application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Contains("\"size\":2", await merge.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public void Strategic_merge_patch_honours_setElementOrder_retainKeys_and_primitive_deletes()
    {
        var original = System.Text.Json.Nodes.JsonNode.Parse("""
            {"metadata":{"finalizers":["a","b","c"]},
             "spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
                     "template":{"spec":{"containers":[{"name":"x","image":"x:1"},{"name":"y","image":"y:1"}]}}}}
            """)!.AsObject();
        var patch = System.Text.Json.Nodes.JsonNode.Parse("""
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]},
             "spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},
                     "template":{"spec":{"$setElementOrder/containers":[{"name":"z"},{"name":"y"},{"name":"x"}],
                                         "containers":[{"name":"z","image":"z:1"}]}}}}
            """)!.AsObject();
        var result = Piksel.Emulator.Kubernetes.Rest.Patch.StrategicMergePatch.Apply(Piksel.Emulator.Kubernetes.Api.BuiltInResources.Deployments, original, patch);
        Assert.Equal("""["a","c"]""", result["metadata"]!["finalizers"]!.ToJsonString());
        Assert.Equal("""{"type":"Recreate"}""", result["spec"]!["strategy"]!.ToJsonString());
        Assert.Equal(["z", "y", "x"], result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }
}
