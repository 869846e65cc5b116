using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// EKS envelope encryption: a cluster whose encryptionConfig names a KMS key for <c>secrets</c> keeps each Secret at rest
/// as a KMS v2 envelope (<c>k8s:enc:kms:v2:</c>) under a data key from that key; clients read plaintext as before; a
/// disabled key, or one pending deletion, makes Secret reads and writes fail with the API server's InternalError
/// until it is enabled again — across a restart too, losing nothing.
/// </summary>
public sealed class EnvelopeEncryptionTests : IDisposable
{
    private const string Value = "envelope-value-61c2f7";
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-envelope-").FullName;
    private readonly AWSCredentials root = new BasicAWSCredentials("test", "test");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private AwsEmulatorOptions Durable => new() { Port = 0, DataDirectory = Path.Combine(directory, "state"), MasterKeyFile = Path.Combine(directory, "master.key") };

    [Fact]
    public async Task Secrets_are_KMS_v2_envelopes_at_rest_and_plaintext_through_the_API()
    {
        string keyArn, clusterUid, name;
        await using (var emulator = await AwsEmulator.StartAsync(Durable, cancellationToken: Ct))
        {
            keyArn = await KeyAsync(emulator);
            name = await ClusterAsync(emulator, keyArn);
            using var kube = Admin(emulator, name);
            await CreateSecretAsync(kube, "app");
            await kube.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "plain" }, Data = new Dictionary<string, string> { ["k"] = "configmap-value" } }, "default", cancellationToken: Ct);
            Assert.Equal(Value, Encoding.UTF8.GetString((await kube.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct)).Data["password"]));
            clusterUid = Directory.GetDirectories(Path.Combine(directory, "state", "eks")).Select(Path.GetFileName).Single()!;
        }

        var objects = Path.Combine(directory, "state", "eks", clusterUid, "objects");
        Piksel.Testing.PrivateTree.AssertNowhere(objects, ("the Secret's value", Value));
        var lines = Directory.GetFiles(objects).SelectMany(File.ReadAllLines).Select(l => JsonNode.Parse(l)!).ToList();
        var secret = Assert.Single(lines, l => l["r"]!.GetValue<string>() == "secrets" && l["m"]!.GetValue<string>() == "app");
        var envelope = secret["o"]!.GetValue<string>();
        Assert.StartsWith("k8s:enc:kms:v2:aws-encryption-provider:", envelope, StringComparison.Ordinal);
        var encrypted = KmsEncryptedObject.Decode(Convert.FromBase64String(envelope["k8s:enc:kms:v2:aws-encryption-provider:".Length..]))!;
        Assert.Equal(keyArn, encrypted.KeyId);
        // Other kinds stay as they were.
        Assert.Contains(lines, l => l["m"]!.GetValue<string>() == "plain" && l["o"] is JsonObject);

        await using var again = await AwsEmulator.StartAsync(Durable, cancellationToken: Ct);
        using var after = Admin(again, name);
        Assert.Equal(Value, Encoding.UTF8.GetString((await after.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct)).Data["password"]));
    }

    [Fact]
    public async Task A_disabled_key_fails_Secret_reads_and_writes_as_InternalError_until_it_is_enabled()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 }, cancellationToken: Ct);
        var keyArn = await KeyAsync(emulator);
        using var kube = Admin(emulator, await ClusterAsync(emulator, keyArn));
        await CreateSecretAsync(kube, "app");
        using var kms = Kms(emulator);

        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = keyArn }, Ct);
        var read = await InternalErrorAsync(() => kube.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct));
        Assert.Equal($"Internal error occurred: failed to decrypt DEK, error: DisabledException: {keyArn} is disabled.", read["message"]!.GetValue<string>());
        Assert.Equal($"failed to decrypt DEK, error: DisabledException: {keyArn} is disabled.", read["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        var list = await InternalErrorAsync(() => kube.CoreV1.ListNamespacedSecretAsync("default", cancellationToken: Ct));
        Assert.StartsWith("Internal error occurred: unable to transform key \"/registry/secrets/default/", list["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var write = await InternalErrorAsync(() => CreateSecretAsync(kube, "later"));
        Assert.Equal($"Internal error occurred: failed to encrypt DEK, error: DisabledException: {keyArn} is disabled.", write["message"]!.GetValue<string>());
        // Only Secrets are encrypted: the rest of the cluster works on.
        await kube.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unaffected" } }, "default", cancellationToken: Ct);

        await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyArn, PendingWindowInDays = 7 }, Ct);
        var pending = await InternalErrorAsync(() => kube.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct));
        Assert.Equal($"Internal error occurred: failed to decrypt DEK, error: KMSInvalidStateException: {keyArn} is pending deletion.", pending["message"]!.GetValue<string>());

        await kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = keyArn }, Ct);
        await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = keyArn }, Ct);
        Assert.Equal(Value, Encoding.UTF8.GetString((await kube.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct)).Data["password"]));
        await CreateSecretAsync(kube, "later");
        Assert.Equal(["app", "later"], (await kube.CoreV1.ListNamespacedSecretAsync("default", cancellationToken: Ct)).Items.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cluster_started_while_its_key_is_disabled_keeps_its_Secrets_until_the_key_is_back()
    {
        string keyArn, name;
        await using (var emulator = await AwsEmulator.StartAsync(Durable, cancellationToken: Ct))
        {
            keyArn = await KeyAsync(emulator);
            name = await ClusterAsync(emulator, keyArn);
            using var kube = Admin(emulator, name);
            await CreateSecretAsync(kube, "app");
            using var kms = Kms(emulator);
            await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = keyArn }, Ct);
        }

        await using (var emulator = await AwsEmulator.StartAsync(Durable, cancellationToken: Ct))
        {
            using (var eks = NewEks(emulator.Endpoint, root))
                Assert.Equal("ACTIVE", (await eks.DescribeClusterAsync(name, Ct)).Status);
            using var kube = Admin(emulator, name);
            var error = await InternalErrorAsync(() => kube.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct));
            Assert.Equal($"Internal error occurred: unable to transform key \"/registry/secrets/default/app\": failed to decrypt DEK, error: DisabledException: {keyArn} is disabled.", error["message"]!.GetValue<string>());
            await InternalErrorAsync(() => CreateSecretAsync(kube, "app"));
        }

        // Still disabled at this start: the envelope was written back as it was, nothing lost.
        await using (var emulator = await AwsEmulator.StartAsync(Durable, cancellationToken: Ct))
        {
            using var kms = Kms(emulator);
            await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = keyArn }, Ct);
            using var kube = Admin(emulator, name);
            Assert.Equal(Value, Encoding.UTF8.GetString((await kube.CoreV1.ReadNamespacedSecretAsync("app", "default", cancellationToken: Ct)).Data["password"]));
        }
    }

    private async Task<string> KeyAsync(AwsEmulator emulator)
    {
        using var kms = Kms(emulator);
        return (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "eks secrets" }, Ct)).KeyMetadata.Arn;
    }

    private async Task<string> ClusterAsync(AwsEmulator emulator, string keyArn)
    {
        using var iam = NewIam(emulator.Endpoint, root);
        using var eks = NewEks(emulator.Endpoint, root);
        var name = Unique("envelope");
        await ActiveClusterAsync(eks, name, await ClusterRoleAsync(iam, Unique("eks")), r => r with { SecretsEncryptionKeyArn = keyArn });
        return name;
    }

    private static Task<V1Secret> CreateSecretAsync(k8s.Kubernetes kube, string name) =>
        kube.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes(Value) },
        }, "default", cancellationToken: Ct);

    /// <summary>The Status of a call that must fail with 500 InternalError.</summary>
    private static async Task<JsonNode> InternalErrorAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("InternalError", status["reason"]!.GetValue<string>());
        Assert.Equal(500, status["code"]!.GetValue<int>());
        return status;
    }

    private static k8s.Kubernetes Admin(AwsEmulator emulator, string clusterName)
    {
        var server = emulator.Service<EksService>()!.FindServer("000000000000", Region, clusterName)!;
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig))));
    }

    private AmazonKeyManagementServiceClient Kms(AwsEmulator emulator) =>
        new(root, new AmazonKeyManagementServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });
}
