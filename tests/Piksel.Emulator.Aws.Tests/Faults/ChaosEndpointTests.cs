using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CsCheck;
using static Piksel.Emulator.Aws.Tests.Faults.FaultTestKit;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>
/// <c>/_localstack/chaos/faults</c> and <c>/effects</c> as LocalStack documents them: GET lists, POST replaces, PATCH adds,
/// DELETE removes a rule given exactly as it was added; bad input is a 400 with a sentence, never a 5xx.
/// </summary>
public sealed class ChaosEndpointTests
{
    private static void SameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}, got {actual}");

    [Fact]
    public async Task Faults_are_off_by_default_and_managed_as_LocalStack_documents()
    {
        await using var emulator = await StartAsync();
        var (status, body) = await ChaosAsync(emulator, HttpMethod.Get, "/faults");
        Assert.Equal(HttpStatusCode.OK, status);
        SameJson("[]", body);

        const string outage = """[{"service":"s3","region":"us-east-1"},{"service":"s3","region":"ap-south-1"},{"service":"lambda"}]""";
        SameJson(outage, (await ChaosAsync(emulator, HttpMethod.Post, "/faults", outage)).Body);
        SameJson(outage, (await ChaosAsync(emulator, HttpMethod.Get, "/faults")).Body);

        const string kinesis = """{"service":"kinesis","operation":"PutRecord","probability":0.3,"error":{"statusCode":400,"code":"ProvisionedThroughputExceededException"}}""";
        var added = await ChaosAsync(emulator, HttpMethod.Patch, "/faults", $"[{kinesis}]");
        SameJson(outage.TrimEnd(']') + "," + kinesis + "]", added.Body);

        // DELETE removes only a rule given exactly as it is; a near miss removes nothing.
        var missed = await ChaosAsync(emulator, HttpMethod.Delete, "/faults", """[{"service":"lambda","region":"us-east-1"}]""");
        Assert.Equal(4, JsonNode.Parse(missed.Body)!.AsArray().Count);
        var removed = await ChaosAsync(emulator, HttpMethod.Delete, "/faults", """[{"service":"lambda"}]""");
        SameJson("""[{"service":"s3","region":"us-east-1"},{"service":"s3","region":"ap-south-1"},""" + kinesis + "]", removed.Body);

        SameJson("[]", (await ChaosAsync(emulator, HttpMethod.Post, "/faults", "[]")).Body);
        Assert.Empty(emulator.State.Faults.Rules);
    }

    [Fact]
    public async Task Effects_hold_LocalStacks_latency()
    {
        await using var emulator = await StartAsync();
        SameJson("""{"latency":0}""", (await ChaosAsync(emulator, HttpMethod.Get, "/effects")).Body);
        SameJson("""{"latency":120}""", (await ChaosAsync(emulator, HttpMethod.Post, "/effects", """{"latency":120}""")).Body);
        SameJson("""{"latency":120}""", (await ChaosAsync(emulator, HttpMethod.Get, "/effects")).Body);
        Assert.Equal(120, emulator.State.Faults.Effects.Latency);
    }

    [Theory]
    [InlineData("POST", "/faults", "{", HttpStatusCode.BadRequest, "must be a JSON array")]
    [InlineData("POST", "/faults", """[{"probability":1.5}]""", HttpStatusCode.BadRequest, "probability must be between 0 and 1")]
    [InlineData("PATCH", "/faults", """[{"error":{"statusCode":"503"}}]""", HttpStatusCode.BadRequest, "wrong type")]
    [InlineData("POST", "/effects", """{"latency":-5}""", HttpStatusCode.BadRequest, "latency must be 0 to 60,000")]
    [InlineData("POST", "/effects", """{"jitter":5}""", HttpStatusCode.BadRequest, "jitter")]
    [InlineData("PUT", "/faults", "[]", HttpStatusCode.MethodNotAllowed, "PUT is not allowed")]
    [InlineData("DELETE", "/effects", null, HttpStatusCode.MethodNotAllowed, "DELETE is not allowed")]
    [InlineData("GET", "/outages", null, HttpStatusCode.NotFound, "/_localstack/chaos/faults")]
    public async Task Bad_requests_answer_4xx_with_a_sentence_and_change_nothing(string method, string path, string? body, HttpStatusCode expected, string words)
    {
        await using var emulator = await StartAsync();
        var (status, answer) = await ChaosAsync(emulator, new HttpMethod(method), path, body);
        Assert.Equal(expected, status);
        Assert.Contains(words, JsonNode.Parse(answer)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(emulator.State.Faults.Rules);
    }

    [Fact]
    public async Task Invalid_UTF8_is_a_400()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        using var content = new ByteArrayContent([0x5B, 0xC3, 0x28, 0x5D]);
        using var response = await http.PostAsync(new Uri(emulator.Endpoint, "_localstack/chaos/faults"), content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task No_body_gets_a_5xx_and_none_turns_faults_on_by_accident()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var uri = new Uri(emulator.Endpoint, "_localstack/chaos/faults");
        // Seeded and bounded: JSON-ish text made of the characters rule documents are made of.
        var bodies = Gen.OneOf(
            Gen.String[Gen.Char["[]{}\":,0123456789.-aeiorstxyz \\"], 0, 80],
            Gen.Const("""[{"service":"""),
            Gen.String);
        await bodies.SampleAsync(async body =>
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(uri, content, Ct);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {body}");
            if (response.StatusCode != HttpStatusCode.OK) return;
            // A body that is accepted must be a valid rule list; clear it for the next sample.
            await ChaosAsync(emulator, HttpMethod.Post, "/faults", "[]");
        }, seed: "0N0XIzNsQ0O2", iter: 300, threads: 1);
    }

    [Fact]
    public async Task An_empty_rule_faults_every_call_as_LocalStack_does_and_an_empty_list_ends_it()
    {
        await using var emulator = await StartAsync();
        using var sts = new AmazonSecurityTokenServiceClient(Root, Config<AmazonSecurityTokenServiceConfig>(emulator));
        await SetRulesAsync(emulator, "[{}]");

        var (code, status, message) = await ErrorOf(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct));
        Assert.Equal(("ServiceUnavailable", HttpStatusCode.ServiceUnavailable), (code, status));
        Assert.Equal("Service 'sts' not accessible due to an outage", message);

        await SetRulesAsync(emulator, "[]");
        Assert.Equal("arn:aws:iam::000000000000:root", (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct)).Arn);
    }
}
