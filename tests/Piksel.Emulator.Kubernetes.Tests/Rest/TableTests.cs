using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class TableTests(ClusterFixture fixture)
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> GetAsync(string path, string accept = KubectlAccept)
    {
        using var http = RawApi.Create(fixture.Server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static string[] Columns(JsonElement table) =>
        [.. table.GetProperty("columnDefinitions").EnumerateArray().Where(c => c.GetProperty("priority").GetInt32() == 0).Select(c => c.GetProperty("name").GetString()!)];

    [Fact]
    public async Task External_Secrets_kinds_print_the_columns_of_their_CRDs()
    {
        var ns = await fixture.NewNamespaceAsync("es-table");
        var k = fixture.Client;
        await k.CustomObjects.CreateNamespacedCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "db" },
            ["spec"] = new { refreshInterval = "10s", secretStoreRef = new { kind = "ClusterSecretStore", name = "aws" }, target = new { name = "db" } },
        }, "external-secrets.io", "v1", ns, "externalsecrets", cancellationToken: Ct);

        // Before the operator reports, Status and Ready are empty (null cells, which kubectl prints as <none>).
        var fresh = await GetAsync($"apis/external-secrets.io/v1/namespaces/{ns}/externalsecrets");
        Assert.Equal(["Name", "StoreType", "Store", "Refresh Interval", "Status", "Ready"], Columns(fresh));
        var cells = Assert.Single(fresh.GetProperty("rows").EnumerateArray()).GetProperty("cells");
        Assert.Equal(["db", "ClusterSecretStore", "aws", "10s"], cells.EnumerateArray().Take(4).Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, cells[4].ValueKind);
        Assert.Equal(JsonValueKind.Null, cells[5].ValueKind);

        await k.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(
            """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"SecretSynced","message":"secret synced"}]}}""", V1Patch.PatchType.MergePatch),
            "external-secrets.io", "v1", ns, "externalsecrets", "db", cancellationToken: Ct);
        var synced = Assert.Single((await GetAsync($"apis/external-secrets.io/v1/namespaces/{ns}/externalsecrets")).GetProperty("rows").EnumerateArray()).GetProperty("cells");
        Assert.Equal(["SecretSynced", "True"], synced.EnumerateArray().Skip(4).Select(c => c.GetString()));

        var storeName = $"store-{Guid.NewGuid():N}"[..14];
        await k.CustomObjects.CreateClusterCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = new Dictionary<string, object> { ["name"] = storeName },
            ["spec"] = new { provider = new { aws = new { service = "SecretsManager", region = "ap-southeast-3" } } },
        }, "external-secrets.io", "v1", "clustersecretstores", cancellationToken: Ct);
        await k.CustomObjects.PatchClusterCustomObjectStatusAsync(new V1Patch(
            """{"status":{"capabilities":"ReadWrite","conditions":[{"type":"Ready","status":"True","reason":"Valid","message":"store validated"}]}}""", V1Patch.PatchType.MergePatch),
            "external-secrets.io", "v1", "clustersecretstores", storeName, cancellationToken: Ct);
        var store = await GetAsync($"apis/external-secrets.io/v1/clustersecretstores/{storeName}");
        Assert.Equal(["Name", "AGE", "Status", "Capabilities", "Ready"], Columns(store));
        var storeCells = Assert.Single(store.GetProperty("rows").EnumerateArray()).GetProperty("cells");
        Assert.Equal(storeName, storeCells[0].GetString());
        Assert.EndsWith("s", storeCells[1].GetString(), StringComparison.Ordinal);
        Assert.Equal(["Valid", "ReadWrite", "True"], storeCells.EnumerateArray().Skip(2).Select(c => c.GetString()));
        await k.CustomObjects.DeleteClusterCustomObjectAsync("external-secrets.io", "v1", "clustersecretstores", storeName, cancellationToken: Ct);
    }

    [Fact]
    public async Task Lists_and_gets_come_back_as_Tables_with_kubectls_columns()
    {
        var ns = await fixture.NewNamespaceAsync("tables");
        var k = fixture.Client;
        await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" }, Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }, ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["k"] = [1] } }, ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "i" }] } }, ns, cancellationToken: Ct);

        var configMaps = await GetAsync($"api/v1/namespaces/{ns}/configmaps");
        Assert.Equal("Table", configMaps.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", configMaps.GetProperty("apiVersion").GetString());
        Assert.Equal(["Name", "Data", "Age"], Columns(configMaps));
        var row = Assert.Single(configMaps.GetProperty("rows").EnumerateArray(), r => r.GetProperty("cells")[0].GetString() != "kube-root-ca.crt");
        Assert.Equal("cfg", row.GetProperty("cells")[0].GetString());
        Assert.Equal(2, row.GetProperty("cells")[1].GetInt32());
        Assert.EndsWith("s", row.GetProperty("cells")[2].GetString(), StringComparison.Ordinal);
        Assert.Equal("PartialObjectMetadata", row.GetProperty("object").GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(configMaps.GetProperty("metadata").GetProperty("resourceVersion").GetString()));

        var secret = await GetAsync($"api/v1/namespaces/{ns}/secrets/s?includeObject=Object");
        Assert.Equal(["Name", "Type", "Data", "Age"], Columns(secret));
        var secretRow = Assert.Single(secret.GetProperty("rows").EnumerateArray());
        Assert.Equal("Opaque", secretRow.GetProperty("cells")[1].GetString());
        Assert.Equal("Secret", secretRow.GetProperty("object").GetProperty("kind").GetString());

        await fixture.Server.SettleAsync(cancellationToken: Ct); // the simulated node runs the pod
        var pods = await GetAsync($"api/v1/namespaces/{ns}/pods");
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age"], Columns(pods));
        var podCells = pods.GetProperty("rows")[0].GetProperty("cells");
        Assert.Equal(("p", "1/1", "Running", "0"), (podCells[0].GetString(), podCells[1].GetString(), podCells[2].GetString(), podCells[3].GetString()));

        var namespaces = await GetAsync($"api/v1/namespaces/{ns}");
        Assert.Equal(["Name", "Status", "Age"], Columns(namespaces));

        // Kinds without a printer get Name and Created At.
        var roles = await GetAsync($"apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles");
        Assert.Equal(["Name", "Created At"], Columns(roles));

        // Plain JSON when the client prefers it.
        var plain = await GetAsync($"api/v1/namespaces/{ns}/configmaps", "application/json");
        Assert.Equal("ConfigMapList", plain.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(200, "3m20s")]
    [InlineData(1020, "17m")]
    [InlineData(5 * 3600 + 180, "5h3m")]
    [InlineData(26 * 3600, "26h")]
    [InlineData(76 * 3600, "3d4h")]
    [InlineData(45 * 86400, "45d")]
    [InlineData(760 * 86400, "2y30d")]
    public void Ages_print_like_kubectl(int seconds, string expected) =>
        Assert.Equal(expected, Piksel.Emulator.Kubernetes.Rest.Tables.HumanDuration(TimeSpan.FromSeconds(seconds)));
}
