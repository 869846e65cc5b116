using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

/// <summary>A Secret's stringData is merged into data (stringData wins) and never stored or returned, on every kind of write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SecretStringDataTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Create_moves_string_data_into_data_and_string_data_wins()
    {
        var ns = await fixture.NewNamespaceAsync("strdata");
        var created = await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Data = new Dictionary<string, byte[]> { ["user"] = "old"u8.ToArray(), ["host"] = "db.local"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["user"] = "piksel", ["password"] = "pä55" },
        }, ns, cancellationToken: Ct);

        Assert.Null(created.StringData);
        Assert.Equal(("piksel", "pä55", "db.local"), (Text(created.Data["user"]), Text(created.Data["password"]), Text(created.Data["host"])));
        var read = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("db", ns, cancellationToken: Ct);
        Assert.Null(read.StringData);
        Assert.Equal(3, read.Data.Count);
        Assert.Equal("piksel", Text(read.Data["user"]));
    }

    [Fact]
    public async Task Update_and_patch_merge_string_data_too()
    {
        var ns = await fixture.NewNamespaceAsync("strdata");
        await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["a"] = "1" } }, ns, cancellationToken: Ct);
        var current = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("s", ns, cancellationToken: Ct);
        current.StringData = new Dictionary<string, string> { ["b"] = "2" };
        var replaced = await fixture.Client.CoreV1.ReplaceNamespacedSecretAsync(current, "s", ns, cancellationToken: Ct);
        Assert.Null(replaced.StringData);
        Assert.Equal(("1", "2"), (Text(replaced.Data["a"]), Text(replaced.Data["b"])));

        var patch = new V1Patch("""{"stringData":{"a":"patched"}}""", V1Patch.PatchType.MergePatch);
        var patched = await fixture.Client.CoreV1.PatchNamespacedSecretAsync(patch, "s", ns, cancellationToken: Ct);
        Assert.Null(patched.StringData);
        Assert.Equal(("patched", "2"), (Text(patched.Data["a"]), Text(patched.Data["b"])));

        var dryRun = await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "dry" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, ns, dryRun: "All", cancellationToken: Ct);
        Assert.Null(dryRun.StringData);
        Assert.Equal("v", Text(dryRun.Data["k"]));
    }

    [Fact]
    public async Task Merged_string_data_counts_toward_the_size_limit()
    {
        var ns = await fixture.NewNamespaceAsync("strdata");
        var half = new string('x', 600 * 1024);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "big" },
            Data = new Dictionary<string, byte[]> { ["a"] = Encoding.UTF8.GetBytes(half) },
            StringData = new Dictionary<string, string> { ["b"] = half },
        }, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("Secret \\\"big\\\" is invalid: data: Too long", error.Response.Content, StringComparison.Ordinal);

        // The same key in both counts once: stringData replaces it.
        var same = await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "same" },
            Data = new Dictionary<string, byte[]> { ["a"] = Encoding.UTF8.GetBytes(half) },
            StringData = new Dictionary<string, string> { ["a"] = half },
        }, ns, cancellationToken: Ct);
        Assert.Single(same.Data);
    }

    [Fact]
    public async Task A_string_data_value_that_is_not_a_string_is_a_bad_request()
    {
        var ns = await fixture.NewNamespaceAsync("strdata");
        using var http = RawApi.Create(fixture.Server);
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "bad" }, ["stringData"] = new JsonObject { ["n"] = 5 } };
        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/secrets", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Null(await ReadOrNull(ns, "bad"));
    }

    private async Task<V1Secret?> ReadOrNull(string ns, string name)
    {
        try
        {
            return await fixture.Client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: Ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
