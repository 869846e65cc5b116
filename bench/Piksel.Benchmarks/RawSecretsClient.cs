using System.Text.Json.Nodes;
using Piksel.Platform.Aws.Http;

namespace Piksel.Benchmarks;

/// <summary>A signed Secrets Manager caller on the same JsonApiClient the platform uses, so both sides of the ratio pay for signing.</summary>
internal sealed class RawSecretsClient(AwsClientOptions options) : JsonApiClient(options, "secretsmanager", "secretsmanager")
{
    public Task<JsonObject> CreateSecretAsync(string name, string value) =>
        CallAsync("CreateSecret", new JsonObject { ["Name"] = name, ["SecretString"] = value }, CancellationToken.None);

    public Task<JsonObject> GetSecretValueAsync(string name) =>
        CallAsync("GetSecretValue", new JsonObject { ["SecretId"] = name }, CancellationToken.None);
}
