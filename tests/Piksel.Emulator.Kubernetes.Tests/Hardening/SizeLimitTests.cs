using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>kube-apiserver's limits: 3 MiB per request body (413), 1 MiB per ConfigMap or Secret payload and 256 KiB of annotations (422), etcd's 1.5 MiB per object.</summary>
public sealed class SizeLimitTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigMaps => $"/api/v1/namespaces/{fixture.Namespace}/configmaps";

    private static string ConfigMap(string name, string data) =>
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = JsonNode.Parse(data) }.ToJsonString();

    [Theory]
    [InlineData(3 * 1024 * 1024 + 1)]
    [InlineData(5 * 1024 * 1024)]
    public async Task A_body_over_3_MiB_is_413(int size)
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"a":""" + "\"" + new string('x', size) + "\"}}";
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, body, cancellationToken: Ct);
        answer.AssertStatus(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        Assert.Equal("Request entity too large: limit is 3145728", answer.Message);

        var patch = await RawResponse.SendAsync(fixture.Http, HttpMethod.Patch, ConfigMaps + "/huge", body, "application/merge-patch+json", Ct);
        patch.AssertStatus(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        await fixture.AssertAliveAsync(Ct);
    }

    [Fact]
    public async Task A_ConfigMap_over_1_MiB_of_data_is_invalid()
    {
        var data = new JsonObject { ["a"] = new string('x', 700_000), ["b"] = new string('y', 400_000) }.ToJsonString();
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, ConfigMap("big", data), cancellationToken: Ct);
        answer.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal("ConfigMap \"big\" is invalid: []: Too long: must have at most 1048576 bytes", answer.Message);
        Assert.Equal("[]", answer.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("FieldValueTooLong", answer.Json["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Secret_over_1_MiB_of_data_is_invalid()
    {
        var value = Convert.ToBase64String(new byte[1024 * 1024 + 1]);
        var body = $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"big"},"data":{"k":"{{{value}}}"}}""";
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, $"/api/v1/namespaces/{fixture.Namespace}/secrets", body, cancellationToken: Ct);
        answer.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal("Secret \"big\" is invalid: data: Too long: must have at most 1048576 bytes", answer.Message);
    }

    [Fact]
    public async Task Annotations_over_256_KiB_are_invalid()
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "noted", ["annotations"] = new JsonObject { ["note"] = new string('n', 262_141) } },
        }.ToJsonString();
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, body, cancellationToken: Ct);
        answer.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal("ConfigMap \"noted\" is invalid: metadata.annotations: Too long: must have at most 262144 bytes", answer.Message);
    }

    [Fact]
    public async Task A_hundred_thousand_keys_under_the_byte_limits_are_stored_as_the_real_server_stores_them()
    {
        var data = new JsonObject();
        for (var i = 0; i < 100_000; i++) data[FormattableString.Invariant($"k{i:D6}")] = "v";
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, ConfigMap("many", data.ToJsonString()), cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var read = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get, ConfigMaps + "/many", cancellationToken: Ct);
        Assert.Equal(100_000, read.Json["data"]!.AsObject().Count);
    }

    [Fact]
    public async Task An_object_over_etcds_request_limit_is_413_in_etcds_words()
    {
        // Keys do not count towards the 1 MiB of data, but they do towards what is stored.
        var data = new JsonObject();
        for (var i = 0; i < 12_000; i++) data[FormattableString.Invariant($"{new string('k', 60)}{i:D6}")] = new string('v', 80);
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, ConfigMap("stored-too-big", data.ToJsonString()), cancellationToken: Ct);
        answer.AssertStatus(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        Assert.Equal("etcdserver: request is too large", answer.Message);
        var missing = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get, ConfigMaps + "/stored-too-big", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task A_JSON_patch_of_more_than_10000_operations_is_413_and_a_copy_bomb_is_refused()
    {
        var created = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, ConfigMap("patched", """{"a":"x"}"""), cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var ops = string.Join(",", Enumerable.Repeat("""{"op":"test","path":"/data/a","value":"x"}""", 10_001));
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Patch, ConfigMaps + "/patched", "[" + ops + "]", "application/json-patch+json", Ct);
        answer.AssertStatus(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        Assert.Equal("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001", answer.Message);

        // Each copy doubles the document: 40 of them would be a terabyte.
        var bomb = new StringBuilder("""[{"op":"add","path":"/metadata/annotations","value":{"a":"0123456789"}}""");
        for (var i = 0; i < 40; i++) bomb.Append(FormattableString.Invariant($$""",{"op":"copy","from":"/metadata/annotations","path":"/metadata/annotations/c{{i}}"}"""));
        var copied = await RawResponse.SendAsync(fixture.Http, HttpMethod.Patch, ConfigMaps + "/patched", bomb.Append(']').ToString(), "application/json-patch+json", Ct);
        copied.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains("the accumulated size increase of copy", copied.Message, StringComparison.Ordinal);
        await fixture.AssertAliveAsync(Ct);
    }
}
