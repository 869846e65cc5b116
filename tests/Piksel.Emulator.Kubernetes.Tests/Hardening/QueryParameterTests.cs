using System.Net;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>Query parameters checked as kube-apiserver checks them: the write options (422 on the options kind) and the integers and booleans its parameter codec converts (400 in strconv's words).</summary>
public sealed class QueryParameterTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigMaps => $"/api/v1/namespaces/{fixture.Namespace}/configmaps";

    private static string ConfigMap(string name) => $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""";

    private Task<RawResponse> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json") =>
        RawResponse.SendAsync(fixture.Http, method, path, body, contentType, Ct);

    [Fact]
    public async Task dryRun_other_than_All_is_invalid_on_every_write()
    {
        var create = await SendAsync(HttpMethod.Post, ConfigMaps + "?dryRun=Bogus", ConfigMap("dry"));
        create.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"", create.Message);
        Assert.Equal("CreateOptions", create.Json["details"]!["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, ConfigMaps + "/dry")).Status);

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("dry"))).Status);
        var update = await SendAsync(HttpMethod.Put, ConfigMaps + "/dry?dryRun=All&dryRun=x", ConfigMap("dry"));
        Assert.Equal("UpdateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"All\", \"x\"}: supported values: \"All\"", update.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid").Message);
        var patch = await SendAsync(HttpMethod.Patch, ConfigMaps + "/dry?dryRun=true", "{}", "application/merge-patch+json");
        Assert.StartsWith("PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value", patch.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid").Message, StringComparison.Ordinal);
        var delete = await SendAsync(HttpMethod.Delete, ConfigMaps + "/dry?dryRun=Bogus");
        Assert.StartsWith("DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value", delete.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid").Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, ConfigMaps + "/dry")).Status);
    }

    [Fact]
    public async Task A_fieldManager_over_128_bytes_or_with_control_characters_is_invalid()
    {
        var manager = new string('m', 200);
        var create = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldManager=" + manager, ConfigMap("managed"));
        create.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: must have at most 128 bytes", create.Message);

        var apply = await SendAsync(HttpMethod.Patch, ConfigMaps + "/managed?fieldManager=" + manager, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: managed\n", "application/apply-patch+yaml");
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: must have at most 128 bytes", apply.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid").Message);

        var control = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldManager=a%01b", ConfigMap("managed"));
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: \"a\\x01b\": invalid character U+0001 (at position 1)", control.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid").Message);

        var exact = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldManager=" + new string('m', 128), ConfigMap("managed"));
        Assert.Equal(HttpStatusCode.Created, exact.Status);
    }

    [Fact]
    public async Task An_unknown_fieldValidation_is_invalid()
    {
        var answer = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Loose", ConfigMap("fv"));
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loose\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", answer.AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid").Message);
    }

    [Theory]
    [InlineData("DELETE", "/x?gracePeriodSeconds=abc", "strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("DELETE", "/x?gracePeriodSeconds=1.5", "strconv.ParseInt: parsing \"1.5\": invalid syntax")]
    [InlineData("DELETE", "/x?orphanDependents=maybe", "strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    [InlineData("GET", "?limit=abc", "strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("GET", "?limit=99999999999999999999", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range")]
    [InlineData("GET", "?timeoutSeconds=soon", "strconv.ParseInt: parsing \"soon\": invalid syntax")]
    [InlineData("GET", "?watch=1&timeoutSeconds=soon", "strconv.ParseInt: parsing \"soon\": invalid syntax")]
    [InlineData("GET", "?watch=maybe", "strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    public async Task A_malformed_number_or_boolean_is_a_400(string method, string suffix, string message)
    {
        var answer = await SendAsync(new HttpMethod(method), ConfigMaps + suffix);
        Assert.Equal(message, answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest").Message);
    }

    [Fact]
    public async Task A_DeleteOptions_body_of_the_wrong_type_is_a_400()
    {
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("deleted"))).Status);
        var answer = await SendAsync(HttpMethod.Delete, ConfigMaps + "/deleted", """{"gracePeriodSeconds":"soon"}""");
        Assert.Equal("json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64", answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest").Message);
    }

    [Fact]
    public async Task A_selector_of_tens_of_kilobytes_is_answered_by_the_API_not_refused_by_the_HTTP_server()
    {
        // Found by the fuzz suite (corpus: found-414-long-selector.txt): Kestrel's 8 KiB request line answered 414 with no Status; Go takes 1 MiB.
        var selector = "app in (" + string.Join(",", Enumerable.Range(0, 3_000).Select(i => FormattableString.Invariant($"v{i}"))) + ")";
        var answer = await SendAsync(HttpMethod.Get, ConfigMaps + "?labelSelector=" + Uri.EscapeDataString(selector));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
