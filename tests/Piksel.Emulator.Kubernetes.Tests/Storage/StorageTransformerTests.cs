using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tests.Storage;

/// <summary>
/// The storage-transformer seam: given to the builder before start, it decides which resources are encrypted at rest
/// and how; the journal holds only its envelopes, clients see the objects as before, and a transformer that fails makes
/// the write or read a 500 InternalError that stores nothing, as kube-apiserver answers when its KMS plugin fails.
/// </summary>
public sealed class StorageTransformerTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("piksel-k8s-transformer-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(data, recursive: true);

    private KubeApiServerOptions Options => new() { DataDirectory = Path.Combine(data, "state"), MasterKeyFile = Path.Combine(data, "master.key") };

    private static k8s.Kubernetes Client(KubeApiServer server) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig))));

    private static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = "configmap-value-77" } };

    [Fact]
    public async Task The_given_transformer_encrypts_the_resources_it_covers_and_reads_go_through_it()
    {
        var transformer = new Reversing("configmaps");
        await using (var server = await KubeApiServer.CreateBuilder(Options).UseStorageTransformer(transformer).StartAsync(cancellationToken: Ct))
        {
            using var k = Client(server);
            await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("covered"), "default", cancellationToken: Ct);
            var reads = transformer.Reads;
            Assert.Equal("configmap-value-77", (await k.CoreV1.ReadNamespacedConfigMapAsync("covered", "default", cancellationToken: Ct)).Data["k"]);
            Assert.True(transformer.Reads > reads, "a read goes through the transformer");
            Assert.Contains("/registry/configmaps/default/covered", transformer.Keys);
        }

        var journal = string.Concat(Directory.GetFiles(Path.Combine(data, "state", "objects")).Select(File.ReadAllText));
        Assert.DoesNotContain("configmap-value-77", journal, StringComparison.Ordinal);
        Assert.Contains("\"o\":\"k8s:enc:reverse:v1:", journal, StringComparison.Ordinal);
        // Secrets are not this transformer's: given one, the server does not add its own.
        Assert.DoesNotContain("k8s:enc:aesgcm", journal, StringComparison.Ordinal);

        await using var again = await KubeApiServer.CreateBuilder(Options).UseStorageTransformer(new Reversing("configmaps")).StartAsync(cancellationToken: Ct);
        using var client = Client(again);
        Assert.Equal("configmap-value-77", (await client.CoreV1.ReadNamespacedConfigMapAsync("covered", "default", cancellationToken: Ct)).Data["k"]);
    }

    [Fact]
    public async Task A_transformer_that_cannot_encrypt_fails_the_write_as_InternalError_and_stores_nothing()
    {
        await using var server = await KubeApiServer.CreateBuilder(new KubeApiServerOptions()).UseStorageTransformer(new Reversing("configmaps") { Broken = true }).StartAsync(cancellationToken: Ct);
        using var k = Client(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("refused"), "default", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("InternalError", status["reason"]!.GetValue<string>());
        Assert.Equal("Internal error occurred: the key is gone", status["message"]!.GetValue<string>());
        Assert.Equal("the key is gone", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("refused", "default", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public void A_server_has_one_transformer_given_before_it_starts()
    {
        var builder = KubeApiServer.CreateBuilder().UseStorageTransformer(new Reversing("secrets"));
        Assert.Throws<InvalidOperationException>(() => builder.UseStorageTransformer(new Reversing("secrets")));
    }

    /// <summary>A toy provider: the object's bytes reversed, base64, behind a prefix of its own.</summary>
    private sealed class Reversing(string resource) : IStorageTransformer
    {
        private const string Prefix = "k8s:enc:reverse:v1:";

        public bool Broken { get; init; }

        public int Reads { get; private set; }

        public List<string> Keys { get; } = [];

        public bool Covers(string groupResource) => groupResource == resource;

        public string TransformToStorage(ReadOnlySpan<byte> data, string storageKey)
        {
            if (Broken) throw new StorageTransformException("the key is gone");
            lock (Keys) Keys.Add(storageKey);
            var bytes = data.ToArray();
            Array.Reverse(bytes);
            return Prefix + Convert.ToBase64String(bytes);
        }

        public byte[] TransformFromStorage(string envelope, string storageKey)
        {
            Reads++;
            var bytes = Convert.FromBase64String(envelope[Prefix.Length..]);
            Array.Reverse(bytes);
            return bytes;
        }
    }
}
