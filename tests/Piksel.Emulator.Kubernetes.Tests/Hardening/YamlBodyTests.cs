using System.Net;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>
/// YAML bodies that once killed the server (an alias inside its own anchor, 50,000 levels of nesting) or swelled it
/// (an alias bomb), and YAML's other bad input: each is a 400 in go-yaml's words and the server stays up.
/// </summary>
public sealed class YamlBodyTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigMaps => $"/api/v1/namespaces/{fixture.Namespace}/configmaps";

    private Task<RawResponse> PostYamlAsync(string yaml, string query = "") =>
        RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps + query, yaml, "application/yaml", Ct);

    [Fact]
    public async Task An_alias_inside_its_own_anchor_is_refused_and_the_server_stays_up()
    {
        var answer = await PostYamlAsync("a: &x [*x]");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("the object provided is unrecognized (must be of type ConfigMap): yaml: anchor 'x' value contains itself (613a202678205b2a785d)", answer.Message);
        await fixture.AssertAliveAsync(Ct);
    }

    [Fact]
    public async Task Nesting_50000_levels_deep_is_refused_and_the_server_stays_up()
    {
        var flow = "data: " + new string('[', 50_000) + new string(']', 50_000);
        var answer = await PostYamlAsync(flow);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("exceeded max depth of 512", answer.Message, StringComparison.Ordinal);

        var block = new StringBuilder();
        for (var i = 0; i < 2_000; i++) block.Append(' ', i).Append("a:\n");
        var deep = await PostYamlAsync(block.ToString());
        deep.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("exceeded max depth of 512", deep.Message, StringComparison.Ordinal);
        await fixture.AssertAliveAsync(Ct);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public async Task An_alias_bomb_is_refused_as_excessive_aliasing(int levels)
    {
        // "Billion laughs": each level is ten aliases of the one before; 10^7 and 10^9 leaves.
        var yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < levels; i++)
            yaml.Append(CultureInfoInvariant($"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n"));
        var answer = await PostYamlAsync(yaml.ToString());
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("yaml: document contains excessive aliasing", answer.Message, StringComparison.Ordinal);
        await fixture.AssertAliveAsync(Ct);
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    [Fact]
    public async Task Anchors_aliases_and_merge_keys_in_moderation_still_work()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: anchored
              labels: &labels {app: web, tier: front}
              annotations:
                <<: *labels
                extra: "yes"
            data:
              first: &value shared
              second: *value
            """;
        var answer = await PostYamlAsync(yaml);
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var stored = answer.Json;
        Assert.Equal("shared", stored["data"]!["second"]!.GetValue<string>());
        Assert.Equal("front", stored["metadata"]!["annotations"]!["tier"]!.GetValue<string>());
        Assert.Equal("yes", stored["metadata"]!["annotations"]!["extra"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_syntax_error_is_a_400_naming_the_line()
    {
        var answer = await PostYamlAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): yaml: line ", answer.Message, StringComparison.Ordinal);
        Assert.EndsWith(" ...)", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_as_a_key_is_a_400()
    {
        var answer = await PostYamlAsync("? {a: 1}\n: value\n");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("invalid map key", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_keys_keep_the_last_value_and_are_refused_when_strict()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: NAME\ndata:\n  a: one\n  a: two\n";
        var strict = await PostYamlAsync(yaml.Replace("NAME", "dup-strict", StringComparison.Ordinal), "?fieldValidation=Strict");
        strict.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 7: key \"a\" already set in map", strict.Message);

        // Warn (the default): stored with the last value; go-yaml's message spans lines, so no Warning header can carry it.
        var warned = await PostYamlAsync(yaml.Replace("NAME", "dup-warn", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, warned.Status);
        Assert.Equal("two", warned.Json["data"]!["a"]!.GetValue<string>());
        Assert.Empty(warned.Warnings);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_a_400()
    {
        var body = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ").Concat(new byte[] { 0xff, 0xfe }).ToArray();
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, ConfigMaps, body, "application/yaml", Ct);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("yaml: invalid leading UTF-8 octet", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scanner_failure_inside_a_flow_collection_is_a_400_not_a_500()
    {
        // Found by the fuzz suite (corpus: found-yamldotnet-scanner-invalid-operation.yaml): YamlDotNet's scanner threw InvalidOperationException.
        const string yaml = "spec:\n  template:\n    spec:\n      containers: [{nameployment\nmetadata:\n  name: web\n";
        var answer = await PostYamlAsync(yaml);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        var apply = await RawResponse.SendAsync(fixture.Http, HttpMethod.Patch, ConfigMaps + "/applied?fieldManager=fuzz", yaml, "application/apply-patch+yaml", Ct);
        apply.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task Aliases_cannot_stack_nesting_past_the_limit()
    {
        // Each alias nests its anchor's full depth where it stands; 400 + 400 levels is past 512 however it is spelt.
        var deep = new string('[', 400) + new string(']', 400);
        var answer = await PostYamlAsync($"a: &a {deep}\nb: {new string('[', 400)}*a{new string(']', 400)}\n");
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("exceeded max depth of 512", answer.Message, StringComparison.Ordinal);
        await fixture.AssertAliveAsync(Ct);
    }

    [Fact]
    public async Task An_escaped_high_surrogate_without_its_low_half_is_a_400_not_a_500()
    {
        // Found by the fuzz suite (corpus: found-yamldotnet-lone-high-surrogate-escape.yaml): YamlDotNet threw ArgumentOutOfRangeException.
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: surrogate\ndata:\n  emoji: \"\\ud83d\\u0041\"\n";
        var answer = await PostYamlAsync(yaml);
        answer.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
        var apply = await RawResponse.SendAsync(fixture.Http, HttpMethod.Patch, ConfigMaps + "/surrogate?fieldManager=fuzz", yaml, "application/apply-patch+yaml", Ct);
        apply.AssertStatus(HttpStatusCode.BadRequest, "BadRequest");
    }
}
