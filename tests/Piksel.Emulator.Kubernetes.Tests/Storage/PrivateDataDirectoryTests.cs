using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Storage;
using Piksel.Testing;

namespace Piksel.Emulator.Kubernetes.Tests.Storage;

/// <summary>
/// A server's data directory as another user of the machine finds it: owner-only throughout, the private keys in
/// <c>pki/</c> sealed under the master key, and Secrets encrypted at rest (the <c>aesgcm</c> envelope, under a key from
/// the master key, when the server is given no transformer of its own); what an older version wrote in clear loads and
/// is rewritten sealed; another master key is refused with its file named.
/// </summary>
public sealed class PrivateDataDirectoryTests : IDisposable
{
    private const string Value = "k8s-private-value-5e3b";
    private readonly string root = Directory.CreateTempSubdirectory("piksel-k8s-private-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Data => Path.Combine(root, "data");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private KubeApiServerOptions Options(string keyName = "master.key") => new() { DataDirectory = Data, MasterKeyFile = Path.Combine(root, keyName) };

    private static k8s.Kubernetes Client(KubeApiServer server) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig))));

    private static Task<V1Secret> CreateSecretAsync(k8s.Kubernetes k, string name) =>
        k.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes(Value) },
        }, "default", cancellationToken: Ct);

    private static async Task<string> ReadSecretAsync(k8s.Kubernetes k, string name) =>
        Encoding.UTF8.GetString((await k.CoreV1.ReadNamespacedSecretAsync(name, "default", cancellationToken: Ct)).Data["password"]);

    [Fact(SkipUnless = nameof(PrivateTree.UnixPermissions), SkipType = typeof(PrivateTree), Skip = "Unix permissions: on Windows the profile's ACLs keep these files private.")]
    public async Task The_directory_is_owner_only_its_keys_sealed_and_Secrets_encrypted_at_rest()
    {
        var kubeconfig = Path.Combine(root, "new-folder", "kubeconfig");
        byte[] caKey, saKey;
        await using (var server = await KubeApiServer.StartAsync(Options(), cancellationToken: Ct))
        {
            using var k = Client(server);
            await CreateSecretAsync(k, "app");
            server.WriteKubeconfig(kubeconfig);
            caKey = server.State.Certificates.Authority.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey();
            saKey = (await server.State.Context.Tokens.KeyAsync()).Rsa.ExportPkcs8PrivateKey();
        }

        PrivateTree.AssertOwnerOnly(Data);
        PrivateTree.AssertOwnerOnly(Path.GetDirectoryName(kubeconfig)!);
        PrivateTree.AssertNowhere(Data, ("the Secret's value", Value));
        PrivateTree.AssertNowhere(Data, [("the CA's private key", caKey), ("the signing key", saKey)]);
        foreach (var key in new[] { "ca-key.pem", "serving-key.pem", "admin-key.pem", "sa.key" })
            Assert.StartsWith("-----BEGIN PIKSEL SEALED PRIVATE KEY-----", await File.ReadAllTextAsync(Path.Combine(Data, "pki", key), Ct), StringComparison.Ordinal);
        var journal = string.Concat(Directory.GetFiles(Path.Combine(Data, "objects")).Select(File.ReadAllText));
        Assert.Contains("\"o\":\"k8s:enc:aesgcm:v1:piksel-master:", journal, StringComparison.Ordinal);

        await using var again = await KubeApiServer.StartAsync(Options(), cancellationToken: Ct);
        using var client = Client(again);
        Assert.Equal(Value, await ReadSecretAsync(client, "app"));
        // The same CA signs the same admin: the kubeconfig written before still works.
        var written = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        written.Host = again.Endpoint.ToString(); // a new port: the server started on a free one
        using var fromFile = new k8s.Kubernetes(written);
        Assert.Equal(Value, await ReadSecretAsync(fromFile, "app"));
    }

    [Fact(SkipUnless = nameof(PrivateTree.UnixPermissions), SkipType = typeof(PrivateTree), Skip = "Unix permissions: on Windows the profile's ACLs keep these files private.")]
    public async Task Keys_and_Secrets_an_older_version_kept_in_clear_load_and_are_rewritten_sealed()
    {
        // The version before encryption at rest: Secrets in the journal as they are, keys as plain PKCS#8 PEM, 0644.
        string caThumbprint;
        await using (var server = await KubeApiServer.CreateBuilder(Options()).UseStorageTransformer(new NoEncryption()).StartAsync(cancellationToken: Ct))
        {
            using var k = Client(server);
            await CreateSecretAsync(k, "old");
            caThumbprint = server.State.Certificates.Authority.Thumbprint;
            var pki = Path.Combine(Data, "pki");
            foreach (var (name, certificate) in new[] { ("ca", server.State.Certificates.Authority), ("serving", server.State.Certificates.Serving), ("admin", server.State.Certificates.AdminClient) })
                await File.WriteAllTextAsync(Path.Combine(pki, name + "-key.pem"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), Ct);
            await File.WriteAllTextAsync(Path.Combine(pki, "sa.key"), (await server.State.Context.Tokens.KeyAsync()).Rsa.ExportPkcs8PrivateKeyPem(), Ct);
        }
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)), string.Concat(Directory.GetFiles(Path.Combine(Data, "objects")).Select(File.ReadAllText)), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in PrivateTree.Files(Data)) File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
            File.SetUnixFileMode(Path.Combine(Data, "pki"), (UnixFileMode)0b111_101_101);
        }

        await using (var server = await KubeApiServer.StartAsync(Options(), cancellationToken: Ct))
        {
            Assert.Equal(caThumbprint, server.State.Certificates.Authority.Thumbprint);
            using var k = Client(server);
            Assert.Equal(Value, await ReadSecretAsync(k, "old"));
        }

        PrivateTree.AssertOwnerOnly(Data);
        PrivateTree.AssertNowhere(Data, ("the Secret's value", Value));
        foreach (var file in PrivateTree.Files(Data))
            Assert.DoesNotContain("BEGIN PRIVATE KEY", await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_master_key_is_refused_at_start_naming_its_file()
    {
        await using (await KubeApiServer.StartAsync(Options(), cancellationToken: Ct)) { }
        await File.WriteAllTextAsync(Path.Combine(root, "other.key"), "piksel-master-key-v1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n", Ct);

        var error = await Assert.ThrowsAnyAsync<CryptographicException>(() => KubeApiServer.StartAsync(Options("other.key"), cancellationToken: Ct));
        Assert.Contains($"The master key in {Path.Combine(root, "other.key")}", error.Message, StringComparison.Ordinal);
        Assert.Contains(Data, error.Message, StringComparison.Ordinal);
    }

    /// <summary>What a server did before encryption at rest: covers nothing.</summary>
    private sealed class NoEncryption : IStorageTransformer
    {
        public bool Covers(string groupResource) => false;

        public string TransformToStorage(ReadOnlySpan<byte> data, string storageKey) => throw new InvalidOperationException("covers nothing");

        public byte[] TransformFromStorage(string envelope, string storageKey) => throw new InvalidOperationException("covers nothing");
    }
}
