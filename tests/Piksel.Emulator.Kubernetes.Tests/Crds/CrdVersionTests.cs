using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using Piksel.Emulator.Kubernetes.Tests.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Crds;

/// <summary>
/// A CRD with several versions (conversion None): one storage version, every served version reads, lists and watches
/// the same objects with its own apiVersion and its own schema's defaults, writes are pruned and defaulted by the
/// request version's schema, an unserved version is 404, and storedVersions remembers every storage version.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrdVersionTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Crd(string group, string storage = "v1", bool alphaServed = false) => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gizmos.GROUP"},
         "spec":{"group":"GROUP","scope":"Namespaced","names":{"plural":"gizmos","kind":"Gizmo"},
          "versions":[
           {"name":"v1alpha1","served":ALPHA,"storage":false,
            "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
           {"name":"v1beta1","served":true,"storage":BETASTORE,
            "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
              "color":{"type":"string"},"legacy":{"type":"string","default":"old"}}}}}}},
           {"name":"v1","served":true,"storage":V1STORE,
            "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
              "color":{"type":"string"},"size":{"type":"string","default":"small"}}}}}}}]}}
        """
        .Replace("GROUP", group, StringComparison.Ordinal)
        .Replace("ALPHA", alphaServed ? "true" : "false", StringComparison.Ordinal)
        .Replace("BETASTORE", storage == "v1beta1" ? "true" : "false", StringComparison.Ordinal)
        .Replace("V1STORE", storage == "v1" ? "true" : "false", StringComparison.Ordinal);

    /// <summary>The kind without its CRD: the store hands out objects as they are stored.</summary>
    private static Api.ResourceType Raw(string group) =>
        new() { Group = group, Version = "v1", Kind = "Gizmo", Plural = "gizmos", Singular = "gizmo", Namespaced = true };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<(HttpClient Http, string Group, string Ns)> InstallAsync(string prefix, bool alphaServed = false)
    {
        var ns = await fixture.NewNamespaceAsync(prefix);
        var group = $"{ns}.example.com";
        var http = RawApi.Create(fixture.Server);
        var created = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Json(Crd(group, alphaServed: alphaServed)), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await WaitServedAsync(http, $"/apis/{group}/v1/namespaces/{ns}/gizmos");
        await WaitServedAsync(http, $"/apis/{group}/v1beta1/namespaces/{ns}/gizmos");
        return (http, group, ns);
    }

    private static async Task WaitServedAsync(HttpClient http, string path)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await http.GetAsync(path, Ct)).StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(25, Ct);
        }
        Assert.Fail($"{path} was never served");
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Gizmo(string group, string version, string name, string spec) =>
        $$"""{"apiVersion":"{{group}}/{{version}}","kind":"Gizmo","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    [Fact]
    public async Task An_object_is_stored_once_in_the_storage_version_and_read_through_every_served_version()
    {
        var (http, group, ns) = await InstallAsync("crdv");
        var created = await http.PostAsync($"/apis/{group}/v1beta1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1beta1", "a", """{"color":"red"}""")), Ct);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{group}/v1beta1", body["apiVersion"]!.GetValue<string>());

        var stored = fixture.Server.State.Store.List(Raw(group), ns).Items.Single();
        Assert.Equal($"{group}/v1", stored.View["apiVersion"]!.GetValue<string>());

        var v1 = await GetAsync(http, $"/apis/{group}/v1/namespaces/{ns}/gizmos/a");
        Assert.Equal($"{group}/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal("red", v1["spec"]!["color"]!.GetValue<string>());
        var beta = await GetAsync(http, $"/apis/{group}/v1beta1/namespaces/{ns}/gizmos/a");
        Assert.Equal($"{group}/v1beta1", beta["apiVersion"]!.GetValue<string>());

        foreach (var version in new[] { "v1", "v1beta1" })
        {
            var list = await GetAsync(http, $"/apis/{group}/{version}/namespaces/{ns}/gizmos");
            Assert.Equal($"{group}/{version}", list["apiVersion"]!.GetValue<string>());
            Assert.Equal($"{group}/{version}", list["items"]![0]!["apiVersion"]!.GetValue<string>());
            var watch = await http.GetAsync($"/apis/{group}/{version}/namespaces/{ns}/gizmos?watch=true&timeoutSeconds=1", Ct);
            var first = (await watch.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
            Assert.Equal($"{group}/{version}", JsonNode.Parse(first)!["object"]!["apiVersion"]!.GetValue<string>());
        }

        // Patching through the other version works on the same object (no apiVersion mismatch).
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/apis/{group}/v1/namespaces/{ns}/gizmos/a")
        {
            Content = new StringContent("""{"spec":{"color":"blue"}}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        var patched = await http.SendAsync(patch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync(Ct));
        Assert.Equal($"{group}/v1", JsonNode.Parse(await patched.Content.ReadAsStringAsync(Ct))!["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_version_prunes_and_defaults_by_its_own_schema_on_write_and_on_read()
    {
        var (http, group, ns) = await InstallAsync("crdd");
        // Through v1beta1: size is unknown there (pruned), legacy defaulted.
        var created = await http.PostAsync($"/apis/{group}/v1beta1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1beta1", "b", """{"color":"red","size":"large"}""")), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var beta = await GetAsync(http, $"/apis/{group}/v1beta1/namespaces/{ns}/gizmos/b");
        Assert.Null(beta["spec"]!["size"]);
        Assert.Equal("old", beta["spec"]!["legacy"]!.GetValue<string>());
        // Read through v1: v1's default applies on read (the stored object never had size).
        var v1 = await GetAsync(http, $"/apis/{group}/v1/namespaces/{ns}/gizmos/b");
        Assert.Equal("small", v1["spec"]!["size"]!.GetValue<string>());
        var list = await GetAsync(http, $"/apis/{group}/v1/namespaces/{ns}/gizmos");
        Assert.Equal("small", list["items"]![0]!["spec"]!["size"]!.GetValue<string>());

        // Through v1: legacy is unknown to v1's schema and pruned; v1beta1 readers get its default back.
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"/apis/{group}/v1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1", "c", """{"legacy":"new"}""")), Ct)).StatusCode);
        var c = await GetAsync(http, $"/apis/{group}/v1/namespaces/{ns}/gizmos/c");
        Assert.Null(c["spec"]!["legacy"]);
        Assert.Equal("small", c["spec"]!["size"]!.GetValue<string>());
        Assert.Equal("old", (await GetAsync(http, $"/apis/{group}/v1beta1/namespaces/{ns}/gizmos/c"))["spec"]!["legacy"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_version_not_served_is_not_found()
    {
        var (http, group, ns) = await InstallAsync("crdn");
        var response = await http.GetAsync($"/apis/{group}/v1alpha1/namespaces/{ns}/gizmos", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("NotFound", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Switching_the_storage_version_keeps_old_objects_and_records_every_stored_version()
    {
        var (http, group, ns) = await InstallAsync("crds");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"/apis/{group}/v1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1", "old", """{"color":"red"}""")), Ct)).StatusCode);
        var crd = await GetAsync(http, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.{group}");
        crd["spec"] = JsonNode.Parse(Crd(group, storage: "v1beta1"))!["spec"]!.DeepClone();
        var updated = await http.PutAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.{group}", Json(crd.ToJsonString()), Ct);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Ct));

        for (var i = 0; i < 200; i++)
        {
            crd = await GetAsync(http, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.{group}");
            if (crd["status"]?["storedVersions"] is JsonArray { Count: 2 }) break;
            await Task.Delay(25, Ct);
        }
        Assert.Equal(["v1", "v1beta1"], crd["status"]!["storedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"/apis/{group}/v1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1", "new", """{"color":"blue"}""")), Ct)).StatusCode);

        var stored = fixture.Server.State.Store.List(Raw(group), ns).Items.ToDictionary(o => o.Name, o => o.View["apiVersion"]!.GetValue<string>());
        Assert.Equal($"{group}/v1", stored["old"]);
        Assert.Equal($"{group}/v1beta1", stored["new"]);
        foreach (var version in new[] { "v1", "v1beta1" })
        {
            var list = await GetAsync(http, $"/apis/{group}/{version}/namespaces/{ns}/gizmos");
            Assert.All(list["items"]!.AsArray(), item => Assert.Equal($"{group}/{version}", item!["apiVersion"]!.GetValue<string>()));
            Assert.Equal(2, list["items"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Creates_are_refused_while_the_definition_terminates_and_reads_go_on()
    {
        var (http, group, ns) = await InstallAsync("crdt");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"/apis/{group}/v1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1", "held", "{}")), Ct)).StatusCode);
        // A finalizer of the object's own keeps the CRD terminating while the test looks.
        using (var hold = new HttpRequestMessage(HttpMethod.Patch, $"/apis/{group}/v1/namespaces/{ns}/gizmos/held")
        {
            Content = new StringContent("""{"metadata":{"finalizers":["example.com/hold"]}}""", Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(hold, Ct)).StatusCode);
        }
        // Kept by its finalizer: 202 Accepted, as for any delete that does not remove the object at once.
        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.{group}", Ct)).StatusCode);

        HttpResponseMessage refused = null!;
        for (var i = 0; i < 200; i++)
        {
            refused = await http.PostAsync($"/apis/{group}/v1/namespaces/{ns}/gizmos", Json(Gizmo(group, "v1", "late", "{}")), Ct);
            if (refused.StatusCode != HttpStatusCode.Created) break;
            await Task.Delay(25, Ct);
        }
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("MethodNotAllowed", status["reason"]!.GetValue<string>());
        Assert.Equal("create not allowed while custom resource definition is terminating", status["message"]!.GetValue<string>());
        Assert.Equal(405, status["code"]!.GetValue<int>());
        Assert.Equal("held", (await GetAsync(http, $"/apis/{group}/v1/namespaces/{ns}/gizmos/held"))["metadata"]!["name"]!.GetValue<string>());

        using var release = new HttpRequestMessage(HttpMethod.Patch, $"/apis/{group}/v1/namespaces/{ns}/gizmos/held")
        {
            Content = new StringContent("""{"metadata":{"finalizers":null}}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(release, Ct)).StatusCode);
    }
}
