using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Protocol;

/// <summary>
/// awsJson and restJson bodies as Coral reads them: what it cannot read is SerializationException before any member is
/// looked at, a member given twice keeps its last value (the fuzzer found a repeated member answered 500), and a member
/// of the wrong type is SerializationException with Coral's sentence.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class JsonProtocolTests(EmulatorFixture fixture)
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"\udc00":1}""")]
    [InlineData("""{"a":[{"b":"\udfff\ud800"}]}""")]
    [InlineData("{}x")]
    [InlineData("{}{}")]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("{")]
    public void Bodies_Coral_cannot_read_are_SerializationException(string body)
    {
        var error = Assert.Throws<AwsServiceException>(() => JsonProtocol.ParseBody(Encoding.UTF8.GetBytes(body)));
        Assert.Equal("SerializationException", error.Code);
    }

    [Fact]
    public void Invalid_UTF_8_and_deep_nesting_are_SerializationException()
    {
        Assert.Equal("SerializationException", Assert.Throws<AwsServiceException>(() => JsonProtocol.ParseBody([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}'])).Code);
        var deep = "{\"a\":" + new string('[', 64) + new string(']', 64) + "}";
        Assert.Equal("SerializationException", Assert.Throws<AwsServiceException>(() => JsonProtocol.ParseBody(Encoding.UTF8.GetBytes(deep))).Code);
    }

    [Fact]
    public void A_member_given_twice_keeps_its_last_value()
    {
        var body = JsonProtocol.ParseBody("""{"Name":"first","Name":"last","Tags":[{"Key":"k","Key":"k2"}]}"""u8);
        Assert.Equal("last", body.OptionalString("Name"));
        Assert.Equal("k2", body.ObjectList("Tags").Single().OptionalString("Key"));
    }

    [Theory]
    [InlineData("""{"a":5}""", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("""{"a":true}""", "TRUE_VALUE can not be converted to a String")]
    [InlineData("""{"a":{}}""", "Start of structure or map found where not expected.")]
    [InlineData("""{"a":[]}""", "Start of list found where not expected.")]
    public void A_member_of_the_wrong_type_is_SerializationException_in_Corals_words(string body, string message)
    {
        var json = JsonProtocol.ParseBody(Encoding.UTF8.GetBytes(body));
        var error = Assert.Throws<AwsServiceException>(() => json.OptionalString("a"));
        Assert.Equal("SerializationException", error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal("STRING_VALUE can not be converted to a Long", Assert.Throws<AwsServiceException>(() => JsonProtocol.ParseBody("""{"n":"1"}"""u8).OptionalLong("n")).Message);
    }

    [Fact]
    public async Task A_repeated_member_is_answered_not_failed()
    {
        using var http = new HttpClient();
        var name = $"dup-{Guid.NewGuid():N}";
        var response = await RawRequest.Json("secretsmanager.CreateSecret", $$"""{"Name":"ignored","Name":"{{name}}","SecretString":"s"}""")
            .Sign(fixture.Emulator.Endpoint, "secretsmanager", DateTimeOffset.UtcNow).SendAsync(http, fixture.Emulator.Endpoint, TestContext.Current.CancellationToken);
        Assert.Equal(200, response.Status);
        Assert.Equal(name, JsonNode.Parse(response.Text)!["Name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a\u0001b", "a\\u0001b")]
    [InlineData("\uffff", "\\uFFFF")]
    [InlineData("ok é \U0001F600", "ok é \U0001F600")]
    public void Characters_XML_cannot_carry_are_spelled_out_in_error_messages(string text, string printable) =>
        Assert.Equal(printable, XmlValues.Printable(text));

    [Fact]
    public void A_lone_surrogate_is_spelled_out_too() =>
        // Theory data would not keep a lone surrogate: it is serialized on the way.
        Assert.Equal("x\\uD800y\\uDC00", XmlValues.Printable("x\ud800y\udc00"));
}
