using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>
/// External Secrets' and Flux's CRDs served by the API server: an object breaking a schema bound or an
/// x-kubernetes-validations rule is refused (422 Invalid, the field path and the rule's message, as kube-apiserver writes
/// them), a valid upstream-style object is admitted with upstream's defaults filled in.
/// </summary>
public sealed class ExternalSecretsAndFluxValidationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Es = """
        {"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret","metadata":{"name":"db","namespace":"default"},
         "spec":{"refreshInterval":"1h","secretStoreRef":{"name":"aws","kind":"ClusterSecretStore"},
          "target":{"name":"db","creationPolicy":"Owner"},
          "data":[{"secretKey":"password","remoteRef":{"key":"piksel/db","property":"password"}}]}}
        """;

    private const string Store = """
        {"apiVersion":"external-secrets.io/v1","kind":"ClusterSecretStore","metadata":{"name":"aws"},
         "spec":{"provider":{"aws":{"service":"SecretsManager","region":"af-south-1",
          "auth":{"jwt":{"serviceAccountRef":{"name":"external-secrets","namespace":"external-secrets"}}}}}}}
        """;

    private const string Repository = """
        {"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"GitRepository","metadata":{"name":"platform","namespace":"default"},
         "spec":{"interval":"1m","url":"https://github.com/piksel/platform","ref":{"branch":"main"}}}
        """;

    private const string Kustomization = """
        {"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization","metadata":{"name":"apps","namespace":"default"},
         "spec":{"interval":"10m","path":"./apps","prune":true,"sourceRef":{"kind":"GitRepository","name":"platform"}}}
        """;

    private static async Task<KubeApiServer> StartAsync()
    {
        var builder = KubeApiServer.CreateBuilder(new KubeApiServerOptions())
            .AddCustomResourceDefinitions([.. ExternalSecretsCrds.Manifests, .. PlatformCrds.Manifests]);
        return await builder.StartAsync(cancellationToken: Ct);
    }

    private static HttpClient Http(KubeApiServer server)
    {
        var authority = server.State.Certificates.Authority;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = server.Endpoint };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.State.Options.AdminToken);
        return http;
    }

    private static string PathOf(JsonNode obj)
    {
        var (group, version) = obj["apiVersion"]!.GetValue<string>().Split('/') is [var g, var v] ? (g, v) : ("", "");
        var plural = obj["kind"]!.GetValue<string>().ToLowerInvariant() switch
        {
            "clustersecretstore" => "clustersecretstores",
            "gitrepository" => "gitrepositories",
            var kind => kind + "s",
        };
        var ns = obj["metadata"]!["namespace"]?.GetValue<string>();
        return ns is null ? $"/apis/{group}/{version}/{plural}" : $"/apis/{group}/{version}/namespaces/{ns}/{plural}";
    }

    private static async Task<(HttpStatusCode Code, JsonNode Body)> CreateAsync(HttpClient http, JsonNode obj)
    {
        var response = await http.PostAsync(PathOf(obj), new StringContent(obj.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!);
    }

    private static JsonNode With(string json, string pointer, JsonNode? value) => JsonPointer.With(JsonNode.Parse(json)!, pointer, value);

    /// <summary>Asserts a 422 Invalid Status whose causes include <paramref name="field"/> with <paramref name="message"/> in it.</summary>
    private static void Refused((HttpStatusCode Code, JsonNode Body) result, string field, string message)
    {
        Assert.True(result.Code == HttpStatusCode.UnprocessableEntity, result.Body.ToJsonString());
        Assert.Equal("Invalid", result.Body["reason"]!.GetValue<string>());
        var causes = result.Body["details"]!["causes"]!.AsArray();
        Assert.Contains(causes, c => c!["field"]!.GetValue<string>() == field && c["message"]!.GetValue<string>().Contains(message, StringComparison.Ordinal));
        Assert.Contains($"{field}: ", result.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_objects_are_admitted_with_upstream_defaults()
    {
        await using var server = await StartAsync();
        using var http = Http(server);
        var store = await CreateAsync(http, JsonNode.Parse(Store)!);
        Assert.True(store.Code == HttpStatusCode.Created, store.Body.ToJsonString());
        var es = await CreateAsync(http, JsonNode.Parse(Es)!);
        Assert.True(es.Code == HttpStatusCode.Created, es.Body.ToJsonString());
        Assert.Equal("Retain", es.Body["spec"]!["target"]!["deletionPolicy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(http, JsonNode.Parse(Repository)!)).Code);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(http, JsonNode.Parse(Kustomization)!)).Code);
    }

    [Fact]
    public async Task External_secrets_breaking_a_rule_are_refused_with_the_field_and_the_message()
    {
        await using var server = await StartAsync();
        using var http = Http(server);
        var merge = With(Es, "/spec/target/creationPolicy", JsonValue.Create("Merge"));
        Refused(await CreateAsync(http, JsonPointer.With(merge, "/spec/target/deletionPolicy", JsonValue.Create("Delete"))),
            "spec.target", "deletionPolicy=Delete must not be used when the controller doesn't own the secret. Please set creationPolicy=Owner");
        var none = With(Es, "/spec/target/creationPolicy", JsonValue.Create("None"));
        Refused(await CreateAsync(http, JsonPointer.With(none, "/spec/target/deletionPolicy", JsonValue.Create("Merge"))),
            "spec.target", "deletionPolicy=Merge must not be used with creationPolicy=None. There is no Secret to merge with");
        Refused(await CreateAsync(http, With(Es, "/spec/target/creationPolicy", JsonValue.Create("Sometimes"))),
            "spec.target.creationPolicy", "supported values: \"Owner\", \"Orphan\", \"Merge\", \"None\"");
        Refused(await CreateAsync(http, With(Es, "/spec/data/0/secretKey", JsonValue.Create("no spaces"))),
            "spec.data[0].secretKey", "should match '^[-._a-zA-Z0-9]+$'");
        Refused(await CreateAsync(http, With(Es, "/spec/data/0/remoteRef/decodingStrategy", JsonValue.Create("Hex"))),
            "spec.data[0].remoteRef.decodingStrategy", "supported values: \"Auto\", \"Base64\", \"Base64URL\", \"None\"");
        Refused(await CreateAsync(http, With(Es, "/spec/dataFrom", JsonNode.Parse("""[{"extract":{"key":"k"},"sourceRef":{"generatorRef":{"kind":"Password","name":"p"}}}]"""))),
            "spec.dataFrom[0]", "generator can not be used with find or extract");

        Refused(await CreateAsync(http, With(Store, "/spec/provider/aws/service", JsonValue.Create("KeyVault"))),
            "spec.provider.aws.service", "supported values: \"SecretsManager\", \"ParameterStore\"");
        Refused(await CreateAsync(http, With(Store, "/spec/provider/aws/auth/secretRef", JsonNode.Parse("""{"accessKeyIDSecretRef":{"name":"aws","key":"id"}}"""))),
            "spec.provider.aws.auth", "only one of secretRef or jwt can be specified");
        Refused(await CreateAsync(http, With(Store, "/spec/provider/aws/auth/jwt/serviceAccountRef/name", JsonValue.Create(""))),
            "spec.provider.aws.auth.jwt.serviceAccountRef.name", "should be at least 1 chars long");
    }

    [Fact]
    public async Task Flux_objects_breaking_a_rule_are_refused_with_the_field_and_the_message()
    {
        await using var server = await StartAsync();
        using var http = Http(server);
        Refused(await CreateAsync(http, With(Repository, "/spec/url", JsonValue.Create("ftp://example.com/repo"))),
            "spec.url", "should match '^(http|https|ssh)://.*$'");
        Refused(await CreateAsync(http, With(Repository, "/spec/interval", JsonValue.Create("1 minute"))),
            "spec.interval", "should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'");
        Refused(await CreateAsync(http, With(Repository, "/spec/provider", JsonValue.Create("gitea"))),
            "spec.provider", "supported values: \"generic\", \"azure\", \"github\"");
        Refused(await CreateAsync(http, With(Repository, "/spec/serviceAccountName", JsonValue.Create("flux"))),
            "spec", "serviceAccountName can only be set when provider is 'azure'");
        Refused(await CreateAsync(http, With(Kustomization, "/spec/sourceRef/kind", JsonValue.Create("HelmRepository"))),
            "spec.sourceRef.kind", "supported values:");
        var unpruned = JsonNode.Parse(Kustomization)!;
        unpruned["spec"]!.AsObject().Remove("prune");
        Refused(await CreateAsync(http, unpruned), "spec.prune", "Required value");
        Refused(await CreateAsync(http, With(Kustomization, "/spec/timeout", JsonValue.Create("soon"))),
            "spec.timeout", "should match");
    }
}
