using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class CrudTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_get_list_update_delete_a_ConfigMap()
    {
        var ns = await fixture.NewNamespaceAsync("crud");
        var k = fixture.Client;
        var created = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Data = new Dictionary<string, string> { ["color"] = "blue" },
        }, ns, cancellationToken: Ct);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(ns, created.Metadata.NamespaceProperty);

        var read = await k.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: Ct);
        Assert.Equal("blue", read.Data["color"]);

        read.Data["color"] = "green";
        var updated = await k.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", ns, cancellationToken: Ct);
        Assert.NotEqual(read.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        // A stale resourceVersion is a 409 Conflict.
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", conflict.Response.Content, StringComparison.Ordinal);

        var list = await k.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct);
        // Every namespace also holds kube-root-ca.crt, as on a real cluster.
        Assert.Equal(["kube-root-ca.crt", "settings"], list.Items.Select(i => i.Metadata.Name).Order(StringComparer.Ordinal));

        await k.CoreV1.DeleteNamespacedConfigMapAsync("settings", ns, cancellationToken: Ct);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("configmaps \\\"settings\\\" not found", missing.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_is_AlreadyExists_and_bad_name_is_Invalid()
    {
        var ns = await fixture.NewNamespaceAsync("dup");
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } };
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns, cancellationToken: Ct);
        var dup = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, dup.Response.StatusCode);
        Assert.Contains("AlreadyExists", dup.Response.Content, StringComparison.Ordinal);

        var bad = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "Not_Valid" } }, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Response.StatusCode);
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "no-such-namespace", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("namespaces \\\"no-such-namespace\\\" not found", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthenticated_requests_are_401()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(new Uri(fixture.Server.Endpoint, "api/v1/namespaces"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var version = await http.GetAsync(new Uri(fixture.Server.Endpoint, "version"), Ct);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }
}
