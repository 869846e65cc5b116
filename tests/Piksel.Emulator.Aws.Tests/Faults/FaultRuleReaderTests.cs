using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Faults;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>Rules in LocalStack's chaos API shape and the CLI's compact form, and the refusals for values out of range.</summary>
public sealed class FaultRuleReaderTests
{
    [Fact]
    public void LocalStacks_documented_rules_read_and_write_back_unchanged()
    {
        // The examples of LocalStack's chaos API guide (docs.localstack.cloud, chaos-engineering/chaos-api).
        const string json = """
            [{"service":"s3","region":"us-east-1"},{"service":"s3","region":"ap-south-1"},{"service":"lambda"},
             {"service":"kinesis","operation":"PutRecord","probability":0.3,"error":{"statusCode":400,"code":"ProvisionedThroughputExceededException"}}]
            """;
        var rules = FaultRuleReader.ParseJson(json);

        Assert.Equal(4, rules.Count);
        Assert.Equal(new FaultRule { Service = "s3", Region = "us-east-1" }, rules[0]);
        Assert.Equal(new FaultError { StatusCode = 400, Code = "ProvisionedThroughputExceededException" }, rules[3].Error);
        Assert.Equal(0.3, rules[3].Probability);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(FaultRuleReader.ToJson(rules))));
    }

    [Fact]
    public void Piksel_additions_read_as_written()
    {
        var rules = FaultRuleReader.ParseJson("""
            [{"every":3,"error":"throttling"},{"service":"eks","latency":250},{"iamPropagation":{"delay":2000}},{"oidcOutage":{}},
             {"oidcOutage":{"issuer":"https://oidc.eks.ap-southeast-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}}]
            """);

        Assert.Equal(new FaultRule { Every = 3, Error = FaultError.Of(FaultErrorKind.Throttling) }, rules[0]);
        Assert.Equal(250, rules[1].Latency);
        Assert.Null(rules[1].Error);
        Assert.Equal(2000, rules[2].IamPropagation!.Delay);
        Assert.True(rules[3].OidcOutage!.Covers("https://any.example/id/X"));
        Assert.False(rules[4].OidcOutage!.Covers("https://oidc.eks.ap-southeast-3.amazonaws.com/id/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"));
        Assert.Contains("\"error\":\"throttling\"", FaultRuleReader.ToJson(rules), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("every=3,error=throttling", """{"every":3,"error":"throttling"}""")]
    [InlineData("service=s3,operation=PutObject,probability=0.25,error=503:SlowDown", """{"service":"s3","operation":"PutObject","probability":0.25,"error":{"statusCode":503,"code":"SlowDown"}}""")]
    [InlineData("service=kms,latency=100", """{"service":"kms","latency":100}""")]
    [InlineData("iam-propagation=2000", """{"iamPropagation":{"delay":2000}}""")]
    [InlineData("oidc-outage", """{"oidcOutage":{}}""")]
    [InlineData("oidc-outage=https://oidc.example/id/1", """{"oidcOutage":{"issuer":"https://oidc.example/id/1"}}""")]
    public void The_CLI_form_reads_into_the_same_rules(string spec, string json) =>
        Assert.Equal(FaultRuleReader.ParseJson($"[{json}]")[0], FaultRuleReader.ParseSpec(spec));

    [Theory]
    [InlineData("""[{"probability":2}]""", "probability must be between 0 and 1")]
    [InlineData("""[{"every":0}]""", "every must be 1 or more")]
    [InlineData("""[{"error":{"statusCode":200}}]""", "error.statusCode must be an HTTP error status")]
    [InlineData("""[{"error":"slow"}]""", "use throttling, unavailable or internal")]
    [InlineData("""[{"error":{"code":"Bad\nCode"}}]""", "error.code must be")]
    [InlineData("""[{"latency":-1}]""", "latency must be 0 to 60,000")]
    [InlineData("""[{"operaton":"PutObject"}]""", "operaton")]
    [InlineData("""[{"service":"iam","iamPropagation":{"delay":10}}]""", "stands alone")]
    [InlineData("""[{"iamPropagation":{"delay":0}}]""", "iamPropagation.delay must be")]
    [InlineData("""[{"oidcOutage":{"issuer":"http://plain.example"}}]""", "oidcOutage.issuer must be an https://")]
    [InlineData("""{"service":"s3"}""", "must be a JSON array")]
    [InlineData("""[null]""", "null is not a rule")]
    [InlineData("""[{"service":"s3"}""", "must be a JSON array")]
    public void Wrong_rules_are_refused_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => FaultRuleReader.ParseJson(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sevice=s3", "unknown key 'sevice'")]
    [InlineData("every=three", "every must be a number")]
    [InlineData("error=teapot", "error must be throttling, unavailable, internal, STATUS or STATUS:CODE")]
    [InlineData("service=", "service needs a value")]
    public void Wrong_CLI_rules_are_refused_saying_what_is_allowed(string spec, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => FaultRuleReader.ParseSpec(spec));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_with_a_wrong_rule_do_not_start_an_emulator()
    {
        var options = new AwsEmulatorOptions { Faults = new FaultOptions { Rules = [new FaultRule { Every = -2 }] } };
        Assert.Contains("every must be 1 or more", Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
