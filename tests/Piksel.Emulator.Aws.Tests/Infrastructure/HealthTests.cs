using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Tests.Infrastructure;

[Collection(EmulatorCollection.Name)]
public sealed class HealthTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Health_answers_in_LocalStack_shape()
    {
        using var http = new HttpClient();
        var body = JsonNode.Parse(await http.GetStringAsync(fixture.ServiceUrl + "/_localstack/health", TestContext.Current.CancellationToken))!;
        foreach (var service in new[] { "iam", "sts", "secretsmanager", "kms", "s3" })
            Assert.Equal("running", body["services"]![service]!.GetValue<string>());
        Assert.Equal("community", body["edition"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["version"]!.GetValue<string>()));
    }
}
