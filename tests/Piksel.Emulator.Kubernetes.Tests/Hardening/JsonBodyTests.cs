using System.Net;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>JSON bodies of the wrong shape or encoding: 400 in the words of Go's decoder, never a 500, or accepted where Go accepts them.</summary>
public sealed class JsonBodyTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigMaps => $"/api/v1/namespaces/{fixture.Namespace}/configmaps";

    private Task<RawResponse> PostAsync(string path, object body, string query = "") =>
        RawResponse.SendAsync(fixture.Http, HttpMethod.Post, path + query, body, "application/json", Ct);

    [Fact]
    public async Task A_kind_that_is_not_a_string_is_a_400_from_the_version_kind_probe()
    {
        var answer = await PostAsync(ConfigMaps, """{"apiVersion":"v1","kind":-1,"metadata":{"name":"k"}}""");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string ({\"apiVersion\":\"v1\",\"kind\":-1,\" ...)", answer.Message);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":"m"}""", "json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"l","labels":["a"]}}""", "json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":{"a":1}}""", "json: cannot unmarshal number into Go struct field ConfigMap.data of type string")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"i"},"immutable":"yes"}""", "json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool")]
    public async Task A_field_of_the_wrong_type_is_a_400_in_the_decoders_words(string body, string error)
    {
        var answer = await PostAsync(ConfigMaps, body);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal($"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: {error}", answer.Message);
    }

    [Fact]
    public async Task Nested_types_and_ranges_are_checked_as_Go_decodes_them()
    {
        var deployments = $"/apis/apps/v1/namespaces/{fixture.Namespace}/deployments";
        var answer = await PostAsync(deployments, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"r"},"spec":{"replicas":99999999999,"selector":{},"template":{}}}""");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 99999999999 into Go struct field DeploymentSpec.spec.replicas of type int32", answer.Message);

        var containers = await PostAsync(deployments, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"c"},"spec":{"selector":{},"template":{"spec":{"containers":[{"name":7}]}}}}""");
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.name of type string", containers.Message);
    }

    [Fact]
    public async Task Secret_data_that_is_not_base64_is_a_400()
    {
        var answer = await PostAsync($"/api/v1/namespaces/{fixture.Namespace}/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"},"data":{"k":"not base64!"}}""");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3", answer.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_a_400()
    {
        var answer = await PostAsync(ConfigMaps, "[1,2]");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_named_with_a_control_character_is_dropped_with_no_warning_header()
    {
        var answer = await PostAsync(ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ctl"},"a\u0001b":"x"}""");
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.False(answer.Json.ContainsKey("a\u0001b"));
        // NewWarningHeader refuses text with control characters: the real server sends no warning for it.
        Assert.Empty(answer.Warnings);

        var strict = await PostAsync(ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ctl2"},"a\u0001b":"x"}""", "?fieldValidation=Strict");
        strict.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("strict decoding error: unknown field \"a\u0001b\"", strict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_with_a_non_ascii_name_is_warned_about_in_UTF8()
    {
        var answer = await PostAsync(ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"umlaut"},"grün":"x"}""");
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Single(answer.Warnings);
    }

    [Fact]
    public async Task Invalid_UTF8_and_lone_surrogates_in_strings_become_U_FFFD_as_Go_decodes_them()
    {
        var head = Encoding.UTF8.GetBytes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"utf"},"data":{"bad":"a""");
        var body = head.Concat(new byte[] { 0xff }).Concat(Encoding.UTF8.GetBytes("""b","lone":"\ud800"}}""")).ToArray();
        var answer = await PostAsync(ConfigMaps, body);
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("a\ufffdb", answer.Json["data"]!["bad"]!.GetValue<string>());
        Assert.Equal("\ufffd", answer.Json["data"]!["lone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_UTF8_outside_a_string_is_a_400()
    {
        var body = Encoding.UTF8.GetBytes("""{"apiVersion":"v1","kind":"ConfigMap",""").Concat(new byte[] { 0xff }).Concat("}"u8.ToArray()).ToArray();
        var answer = await PostAsync(ConfigMaps, body);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: ", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_nested_past_the_limit_is_a_400_and_the_server_stays_up()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":""" + new string('[', 10_000) + new string(']', 10_000) + "}";
        var answer = await PostAsync(ConfigMaps, body);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("json parse error: invalid character '[' exceeded max depth", answer.Message, StringComparison.Ordinal);
        await fixture.AssertAliveAsync(Ct);
    }

    [Fact]
    public async Task Warnings_are_cut_as_the_real_recorder_cuts_them()
    {
        // Found by the fuzz suite (corpus: found-warning-header-over-64k.json): one 70 KB unknown field name made a Warning header no client reads.
        var longName = new string('f', 70_000);
        var fields = string.Join(",", Enumerable.Range(0, 40).Select(i => FormattableString.Invariant($"\"extra{i}-{new string('x', 100)}\":1")));
        var answer = await PostAsync(ConfigMaps, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warned"},"{{{longName}}}":"x",{{{fields}}}}""");
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        // Past 4 KiB of warning text every warning is cut to 256 bytes, and those that do not fit in 4 KiB are dropped.
        Assert.NotEmpty(answer.Warnings);
        Assert.All(answer.Warnings, w => Assert.True(w.Length <= 256 + 10, w));
        Assert.True(answer.Warnings.Sum(w => w.Length) <= 4096 + (answer.Warnings.Count * 10));
    }
}
