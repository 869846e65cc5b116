using System.Security.Cryptography.X509Certificates;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Kms;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Testing;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using CreateSecretRequest = Piksel.Platform.Aws.SecretsManager.CreateSecretRequest;

namespace Piksel.Emulator.Aws.Tests.State;

/// <summary>
/// A data directory another user of the machine finds: every directory 0700 and file 0600 (journal, snapshot, blobs,
/// lock files, a cluster's objects and PKI), and no secret in clear in any file — not a Secrets Manager value, a
/// Kubernetes Secret, KMS key material, a secret access key or a cluster's private keys — yet everything back after a
/// restart with the same master key.
/// </summary>
public sealed class PrivateStateTests : IDisposable
{
    private const string SecretValueText = "sm-value-4be1c0de-private";
    private const string KubeSecretText = "kube-value-9d02aa71-private";
    private readonly string root = Directory.CreateTempSubdirectory("piksel-private-").FullName;
    private readonly AWSCredentials rootKeys = new BasicAWSCredentials("test", "test");

    private string Data => Path.Combine(root, "state");

    private string KeyFile => Path.Combine(root, "keys", "master.key");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private AwsEmulatorOptions Options => new() { Port = 0, DataDirectory = Data, MasterKeyFile = KeyFile };

    [Fact(SkipUnless = nameof(PrivateTree.UnixPermissions), SkipType = typeof(PrivateTree), Skip = "Unix permissions: on Windows the profile's ACLs keep these files private.")]
    public async Task Everything_in_a_used_data_directory_is_the_owners_alone_and_no_secret_lies_in_clear()
    {
        Seeded seeded;
        await using (var emulator = await AwsEmulator.StartAsync(Options, cancellationToken: Ct))
        {
            seeded = await SeedAsync(emulator);
        }

        PrivateTree.AssertOwnerOnly(Data);
        PrivateTree.AssertOwnerOnly(Path.GetDirectoryName(KeyFile)!);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(Data, "blobs")));
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(Data, "eks"), "*", SearchOption.AllDirectories), f => f.EndsWith("sa.key", StringComparison.Ordinal));
        var secrets = seeded.Secrets.Select(s => (s.What, Encoding.UTF8.GetBytes(s.Value)))
            .Concat(seeded.Secrets.Select(s => (s.What + " (base64)", Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(s.Value))))))
            .Concat(seeded.RawKeys)
            .ToList();
        PrivateTree.AssertNowhere(Data, secrets);
        foreach (var file in PrivateTree.Files(Data))
            Assert.DoesNotContain("PRIVATE KEY-----", File.ReadAllText(file).Replace("PIKSEL SEALED PRIVATE KEY-----", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_with_the_same_master_key_reads_everything_back()
    {
        Seeded seeded;
        await using (var emulator = await AwsEmulator.StartAsync(Options, cancellationToken: Ct))
        {
            seeded = await SeedAsync(emulator);
        }

        await using var again = await AwsEmulator.StartAsync(Options, cancellationToken: Ct);
        using var sm = new SecretsManagerClient(new AwsClientOptions { ServiceUrl = again.Endpoint, Credentials = rootKeys, Region = Region });
        Assert.Equal(SecretValueText, (await sm.GetSecretValueAsync(seeded.SecretName, cancellationToken: Ct)).Value.Reveal());
        using var kms = Kms(again.Endpoint);
        var plain = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(seeded.KmsCiphertext) }, Ct);
        Assert.Equal("kms-plaintext", Encoding.UTF8.GetString(plain.Plaintext.ToArray()));
        using var s3 = S3(again.Endpoint, rootKeys);
        using (var read = await s3.GetObjectAsync(seeded.Bucket, "object", Ct))
        using (var reader = new StreamReader(read.ResponseStream))
            Assert.Equal("s3-body", await reader.ReadToEndAsync(Ct));
        using (var withAccessKey = S3(again.Endpoint, seeded.UserKeys))
            Assert.NotNull(await withAccessKey.ListBucketsAsync(Ct)); // the IAM user's secret key still signs
        using var kube = Admin(again, seeded.ClusterName);
        var secret = await kube.CoreV1.ReadNamespacedSecretAsync("synced", "default", cancellationToken: Ct);
        Assert.Equal(KubeSecretText, Encoding.UTF8.GetString(secret.Data["password"]));
    }

    /// <summary>What a seeded emulator holds: where to find it again, and the secrets that must not be on disk.</summary>
    private sealed record Seeded(
        string SecretName, byte[] KmsCiphertext, string Bucket, AWSCredentials UserKeys, string ClusterName,
        IReadOnlyList<(string What, string Value)> Secrets, IReadOnlyList<(string What, byte[] Bytes)> RawKeys);

    /// <summary>A KMS key and ciphertext, a secret under it, an S3 object, an IAM user's access key, an STS session and an encrypted cluster with a Secret.</summary>
    private async Task<Seeded> SeedAsync(AwsEmulator emulator)
    {
        using var kms = Kms(emulator.Endpoint);
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "private-state" }, Ct)).KeyMetadata;
        var ciphertext = (await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream("kms-plaintext"u8.ToArray()) }, Ct)).CiphertextBlob.ToArray();

        using var sm = new SecretsManagerClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = rootKeys, Region = Region });
        var secretName = Unique("private");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = secretName, Value = SecretValue.FromString(SecretValueText), KmsKeyId = key.Arn }, Ct);

        using var s3 = S3(emulator.Endpoint, rootKeys);
        var bucket = Unique("private");
        await s3.PutBucketAsync(bucket, Ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "object", ContentBody = "s3-body" }, Ct);

        using var iam = NewIam(emulator.Endpoint, rootKeys);
        var user = await UserAsync(iam, Unique("private"), """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","sts:AssumeRole"],"Resource":"*"}]}""");
        var roleName = Unique("private");
        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = roleName,
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""",
        }, Ct);
        using var sts = new AmazonSecurityTokenServiceClient(user.Credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });
        var session = (await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "private" }, Ct)).Credentials;

        using var eks = NewEks(emulator.Endpoint, rootKeys);
        var clusterName = Unique("private");
        await ActiveClusterAsync(eks, clusterName, await ClusterRoleAsync(iam, Unique("eks")), r => r with { SecretsEncryptionKeyArn = key.Arn });
        using (var kube = Admin(emulator, clusterName))
        {
            await kube.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "synced" },
                Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes(KubeSecretText) },
            }, "default", cancellationToken: Ct);
        }

        var server = emulator.Service<EksService>()!.FindServer("000000000000", Region, clusterName)!;
        var signingKey = await server.State.Context.Tokens.KeyAsync();
        var material = emulator.State.Store.Table<KmsKeyRecord>("kms.keys").Values.Select(k => k.Material).ToList();
        Assert.NotEmpty(material);
        var userSecret = ((BasicAWSCredentials)user.Credentials).GetCredentials().SecretKey;
        return new Seeded(secretName, ciphertext, bucket, user.Credentials, clusterName,
            [
                ("the Secrets Manager value", SecretValueText),
                ("the Kubernetes Secret's value", KubeSecretText),
                ("the IAM user's secret access key", userSecret),
                ("the STS session's secret access key", session.SecretAccessKey),
                .. material.Select(m => ("KMS key material (base64)", m)),
            ],
            [
                .. material.Select(m => ("KMS key material", Convert.FromBase64String(m))),
                ("the cluster CA's private key", server.State.Certificates.Authority.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey()),
                ("the service-account signing key", signingKey.Rsa.ExportPkcs8PrivateKey()),
            ]);
    }

    private static k8s.Kubernetes Admin(AwsEmulator emulator, string clusterName)
    {
        var server = emulator.Service<EksService>()!.FindServer("000000000000", Region, clusterName)!;
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig))));
    }

    private AmazonKeyManagementServiceClient Kms(Uri endpoint) =>
        new(rootKeys, new AmazonKeyManagementServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });

    private static AmazonS3Client S3(Uri endpoint, AWSCredentials credentials) =>
        new(credentials, new AmazonS3Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true, MaxErrorRetry = 0 });
}
