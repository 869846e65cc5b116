using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class ApplyTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1Patch Apply(string yaml) => new(yaml, V1Patch.PatchType.ApplyPatch);

    [Fact]
    public async Task Apply_creates_updates_records_managed_fields_and_removes_dropped_fields()
    {
        var ns = await fixture.NewNamespaceAsync("ssa");
        var k = fixture.Client;
        // A YAML body, as kubectl apply --server-side sends it (KubernetesClient can only send JSON, which is YAML too).
        using var http = RawApi.Create(fixture.Server);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/namespaces/{ns}/configmaps/settings?fieldManager=alice")
        {
            Content = new StringContent("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  labels: {app: web}
                data:
                  color: blue
                  size: "3"
                """, System.Text.Encoding.UTF8, "application/apply-patch+yaml"),
        };
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = KubernetesJson.Deserialize<V1ConfigMap>(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("blue", created.Data["color"]);
        Assert.Equal("3", created.Data["size"]);
        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal(("alice", "Apply", "v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        var fields = KubernetesJson.Serialize(entry.FieldsV1);
        Assert.Contains("\"f:data\"", fields, StringComparison.Ordinal);
        Assert.Contains("\"f:color\"", fields, StringComparison.Ordinal);
        Assert.Contains("\"f:app\"", fields, StringComparison.Ordinal);

        // Someone else's field survives alice's re-apply; the field alice stopped applying goes.
        await k.CoreV1.PatchNamespacedConfigMapAsync(Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"owner":"bob"}}"""),
            "settings", ns, fieldManager: "bob", cancellationToken: Ct);
        var updated = await k.CoreV1.PatchNamespacedConfigMapAsync(Apply("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"app":"web"}},"data":{"color":"green"}}
            """), "settings", ns, fieldManager: "alice", cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["color"] = "green", ["owner"] = "bob" }, updated.Data);
        Assert.Equal(["alice", "bob"], updated.Metadata.ManagedFields.Select(m => m.Manager).Order());
    }

    [Fact]
    public async Task Apply_of_another_managers_field_is_a_conflict_unless_forced()
    {
        var ns = await fixture.NewNamespaceAsync("ssaconflict");
        var k = fixture.Client;
        await k.CoreV1.PatchNamespacedConfigMapAsync(Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"key":"one"}}"""),
            "c", ns, fieldManager: "first", cancellationToken: Ct);

        // The same value is shared ownership, not a conflict.
        await k.CoreV1.PatchNamespacedConfigMapAsync(Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"key":"one"}}"""),
            "c", ns, fieldManager: "second", cancellationToken: Ct);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.PatchNamespacedConfigMapAsync(
            Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"key":"two"}}"""), "c", ns, fieldManager: "second", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \\\"first\\\": .data.key", conflict.Response.Content, StringComparison.Ordinal);
        Assert.Contains("FieldManagerConflict", conflict.Response.Content, StringComparison.Ordinal);

        var forced = await k.CoreV1.PatchNamespacedConfigMapAsync(
            Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"key":"two"}}"""), "c", ns, fieldManager: "second", force: true, cancellationToken: Ct);
        Assert.Equal("two", forced.Data["key"]);
        // "first" lost its only field, so its entry is gone.
        Assert.Equal(["second"], forced.Metadata.ManagedFields.Select(m => m.Manager));
    }

    [Fact]
    public async Task Apply_merges_containers_by_name_and_needs_a_field_manager()
    {
        var ns = await fixture.NewNamespaceAsync("ssalist");
        var k = fixture.Client;
        const string First = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"app:1"}]}}""";
        await k.CoreV1.PatchNamespacedPodAsync(Apply(First), "p", ns, fieldManager: "one", cancellationToken: Ct);
        var pod = await k.CoreV1.PatchNamespacedPodAsync(Apply("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"side","image":"side:1"}]}}"""), "p", ns, fieldManager: "two", cancellationToken: Ct);
        Assert.Equal(["app", "side"], pod.Spec.Containers.Select(c => c.Name));

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.PatchNamespacedPodAsync(Apply(First), "p", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.Response.StatusCode);
        Assert.Contains("fieldManager: Required value: is required for apply patch", missing.Response.Content, StringComparison.Ordinal);
    }
}
