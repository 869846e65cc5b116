using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>
/// The server's error paths walked with a table of bad requests — bodies, media types, parameters, paths and verbs:
/// none may answer 5xx, and every failure is a Status whose code is the HTTP status.
/// </summary>
public sealed class ErrorPathTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>(method, path, content type, body).</summary>
    public static TheoryData<string, string, string, string> BadRequests()
    {
        const string cms = "/api/v1/namespaces/hardening/configmaps";
        const string cm = cms + "/target";
        const string deployments = "/apis/apps/v1/namespaces/hardening/deployments";
        var rows = new TheoryData<string, string, string, string>
        {
            // Bodies.
            { "POST", cms, "application/json", "" },
            { "POST", cms, "application/json", "{" },
            { "POST", cms, "application/json", "null" },
            { "POST", cms, "application/json", "\"text\"" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":\"n\",\"finalizers\":[1]}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":5}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":\"n\",\"generateName\":7}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"generateName\":\"UPPER\"}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":\"n\",\"resourceVersion\":1}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":\"n\",\"ownerReferences\":{}}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":\"n\",\"creationTimestamp\":\"yesterday\"}}" },
            { "POST", cms, "application/json", "{\"metadata\":{\"name\":\"n\"},\"binaryData\":{\"b\":\"***\"}}" },
            { "POST", cms, "application/json", "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"n\"}}" },
            { "POST", cms, "application/json", "{\"apiVersion\":{},\"metadata\":{\"name\":\"n\"}}" },
            { "POST", cms, "application/json", "{\"a\":\"\\ud800\\udc00\\udc00\"," },
            { "POST", deployments, "application/json", "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":\"3\"}}" },
            { "POST", deployments, "application/json", "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"template\":{\"spec\":{\"containers\":{}}}}}" },
            { "POST", deployments, "application/json", "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}]}}}}" },
            { "POST", deployments, "application/json", "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":{}}}}}" },
            { "POST", cms, "application/yaml", "- a\n- b\n" },
            { "POST", cms, "application/yaml", "a: b: c" },
            { "POST", cms, "application/yaml", "a: *missing" },
            { "POST", cms, "application/yaml", "\t- tab" },
            { "POST", cms, "application/yaml", "%YAML 9.9\n---\na: 1" },
            { "POST", cms, "application/yaml", "a: !!binary 'not base64'" },
            { "POST", cms, "application/yaml", "metadata: {name: n}\nkind: [ConfigMap]" },
            { "PUT", cm, "application/json", "{\"metadata\":{\"name\":\"other\"}}" },
            { "PUT", cm, "application/json", "{\"metadata\":{\"name\":\"target\",\"resourceVersion\":\"abc\"}}" },
            { "PUT", cm + "/status", "application/json", "{}" },
            // Media types.
            { "POST", cms, "application/cbor", "\u00a1" },
            { "POST", cms, "application/vnd.kubernetes.protobuf", "garbage" },
            { "POST", cms, "text/plain; charset=x-unknown", "{}" },
            { "PATCH", cm, "application/json", "{}" },
            { "PATCH", cm, "", "{}" },
            { "PATCH", cm, "application/json-patch+json", "{}" },
            { "PATCH", cm, "application/json-patch+json", "[{\"op\":\"move\",\"from\":\"/data\",\"path\":\"/data/x\"}]" },
            { "PATCH", cm, "application/json-patch+json", "[{\"op\":7}]" },
            { "PATCH", cm, "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/metadata\",\"value\":\"x\"}]" },
            { "PATCH", cm, "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]" },
            { "PATCH", cm, "application/merge-patch+json", "[]" },
            { "PATCH", cm, "application/merge-patch+json", "{\"metadata\":{\"labels\":[1]}}" },
            { "PATCH", cm, "application/merge-patch+json", "{\"kind\":5}" },
            { "PATCH", cm, "application/strategic-merge-patch+json", "{\"$patch\":\"explode\"}" },
            { "PATCH", cm, "application/strategic-merge-patch+json", "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":5}}" },
            { "PATCH", cm, "application/strategic-merge-patch+json", "{\"data\":{\"$retainKeys\":\"x\"}}" },
            { "PATCH", cm + "?fieldManager=m", "application/apply-patch+yaml", "a: &x [*x]" },
            { "PATCH", cm + "?fieldManager=m", "application/apply-patch+yaml", "kind: 5\napiVersion: v1" },
            { "PATCH", cm + "?fieldManager=m", "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: 5" },
            { "PATCH", cm + "?fieldManager=m&force=perhaps", "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap" },
            { "PATCH", cm, "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap" },
            // Parameters.
            { "GET", cms + "?labelSelector=a%20in%20(", "", "" },
            { "GET", cms + "?labelSelector=!!!", "", "" },
            { "GET", cms + "?labelSelector=a%3D%3D%3Db", "", "" },
            { "GET", cms + "?fieldSelector=spec.nothing%3Dx", "", "" },
            { "GET", cms + "?fieldSelector=metadata.name%3D%3D%3D", "", "" },
            { "GET", cms + "?resourceVersion=-1", "", "" },
            { "GET", cms + "?resourceVersion=abc", "", "" },
            { "GET", cms + "?resourceVersionMatch=Bogus&resourceVersion=1", "", "" },
            { "GET", cms + "?continue=garbage", "", "" },
            { "GET", cms + "?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTF9", "", "" },
            { "GET", cms + "?watch=1&resourceVersion=abc", "", "" },
            { "GET", cms + "?watch=1&resourceVersionMatch=Exact&sendInitialEvents=true", "", "" },
            { "GET", cms + "?watch=1&allowWatchBookmarks=sometimes", "", "" },
            { "DELETE", cm + "?propagationPolicy=Sideways", "", "" },
            { "DELETE", cm, "application/json", "{\"preconditions\":{\"uid\":7}}" },
            { "DELETE", cm, "application/json", "[]" },
            { "DELETE", cm, "application/json", "{" },
            { "DELETE", cms + "?labelSelector=(((", "", "" },
            { "POST", cms + "?dryRun=", "application/json", "{\"metadata\":{\"name\":\"n\"}}" },
            // Paths and verbs.
            { "GET", "/api/v1/namespaces/hardening/nothings", "", "" },
            { "GET", "/apis/nope/v1/things", "", "" },
            { "GET", "/api/v1/namespaces//configmaps", "", "" },
            { "GET", "/api/v1/namespaces/hardening/configmaps/a/b/c/d", "", "" },
            { "GET", "/api/v1/namespaces/%7F%FF/configmaps", "", "" },
            { "GET", "/api/v1/configmaps/x", "", "" },
            { "GET", "/api/v1/namespaces/hardening/configmaps/target/status", "", "" },
            { "POST", cm, "application/json", "{}" },
            { "PUT", cms, "application/json", "{}" },
            { "PATCH", cms, "application/merge-patch+json", "{}" },
            // Found by the fuzz suite (corpus: found-put-cluster-scoped-collection.txt): a null name reached the store (500).
            { "PUT", "/api/v1/namespaces", "application/json", "{}" },
            { "PATCH", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "application/merge-patch+json", "{}" },
            { "OPTIONS", cms, "", "" },
            { "TRACE", cm, "", "" },
            { "POST", "/api/v1/namespaces/hardening/serviceaccounts/default/token", "application/json", "{\"spec\":{\"expirationSeconds\":\"long\"}}" },
            { "POST", "/api/v1/namespaces/hardening/serviceaccounts/default/token", "application/json", "{\"spec\":{\"boundObjectRef\":{\"kind\":3}}}" },
            { "POST", "/apis/authentication.k8s.io/v1/tokenreviews", "application/json", "{\"spec\":{\"token\":5}}" },
            { "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "application/json", "{\"spec\":{\"resourceAttributes\":[]}}" },
            { "PUT", "/api/v1/namespaces/hardening/finalize", "application/json", "{\"spec\":{\"finalizers\":[1]}}" },
        };
        return rows;
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_never_a_5xx_and_always_a_Status(string method, string path, string contentType, string body)
    {
        await EnsureTargetAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0 || contentType.Length > 0)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await fixture.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var code = (int)response.StatusCode;
        Assert.True(code < 500, $"{method} {path}: {code} {text}");
        if (code < 400) return;
        var status = JsonNode.Parse(text) as JsonObject;
        Assert.NotNull(status);
        Assert.Equal("Status", status["kind"]?.GetValue<string>());
        Assert.Equal(code, status["code"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(status["message"]?.GetValue<string>()), text);
    }

    private async Task EnsureTargetAsync()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"},"data":{"a":"b"}}""";
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, "/api/v1/namespaces/hardening/configmaps", body, cancellationToken: Ct);
        Assert.True(answer.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, answer.Body);
    }
}
