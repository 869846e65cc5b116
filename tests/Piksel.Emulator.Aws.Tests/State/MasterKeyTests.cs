using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.SecretsManager;
using Piksel.Emulator.Aws.State;
using Piksel.Platform.Aws.Http;
using Piksel.Shared;
using Piksel.Testing;
using SecretsManagerClient = Piksel.Platform.Aws.SecretsManager.SecretsManagerClient;

namespace Piksel.Emulator.Aws.Tests.State;

/// <summary>
/// The master key that seals the state's key material: made owner-only on first use, kept outside the state, refused
/// with the file named when it is missing or another, and state an older version wrote in clear migrated to it.
/// </summary>
public sealed class MasterKeyTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("piksel-master-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Data => Path.Combine(root, "state");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private AwsEmulatorOptions Options(string keyFile) => new() { Port = 0, DataDirectory = Data, MasterKeyFile = keyFile };

    [Fact(SkipUnless = nameof(PrivateTree.UnixPermissions), SkipType = typeof(PrivateTree), Skip = "Unix permissions: on Windows the profile's ACLs keep these files private.")]
    public async Task The_key_is_made_owner_only_on_first_use_outside_the_state()
    {
        var keyFile = Path.Combine(root, "data-home", "piksel", "master.key");
        await using (await AwsEmulator.StartAsync(Options(keyFile), cancellationToken: Ct)) { }

        Assert.Matches("^piksel-master-key-v1:[A-Za-z0-9+/]{43}=\n$", await File.ReadAllTextAsync(keyFile, Ct));
        PrivateTree.AssertOwnerOnly(Path.Combine(root, "data-home"));
        Assert.Empty(Directory.GetFiles(Data, "master.key", SearchOption.AllDirectories));
    }

    [Fact]
    public void Tests_use_a_key_of_their_own_never_the_users()
    {
        Assert.Equal(TestMasterKey.Path, MasterKey.DefaultPath());
        Assert.StartsWith(Path.GetTempPath(), MasterKey.DefaultPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_key_is_refused_at_start_naming_its_file()
    {
        var first = Path.Combine(root, "first.key");
        await using (await AwsEmulator.StartAsync(Options(first), cancellationToken: Ct)) { }

        var other = Path.Combine(root, "other.key");
        await File.WriteAllTextAsync(other, "piksel-master-key-v1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n", Ct);
        var error = await Assert.ThrowsAnyAsync<CryptographicException>(() => AwsEmulator.StartAsync(Options(other), cancellationToken: Ct));
        Assert.Contains($"The master key in {other}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"is not the one that sealed the state in {Data}", error.Message, StringComparison.Ordinal);

        // The original key still opens it: nothing was changed by the refused start.
        await using (await AwsEmulator.StartAsync(Options(first), cancellationToken: Ct)) { }
    }

    [Fact]
    public async Task A_lost_key_is_refused_at_start_naming_its_file_and_not_made_anew()
    {
        var keyFile = Path.Combine(root, "lost.key");
        await using (await AwsEmulator.StartAsync(Options(keyFile), cancellationToken: Ct)) { }
        File.Delete(keyFile);

        var error = await Assert.ThrowsAnyAsync<CryptographicException>(() => AwsEmulator.StartAsync(Options(keyFile), cancellationToken: Ct));
        Assert.Contains($"the master key file {keyFile} does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(keyFile));
    }

    [Fact]
    public async Task A_key_kept_inside_the_state_it_seals_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AwsEmulator.StartAsync(Options(Path.Combine(Data, "master.key")), cancellationToken: Ct));
        Assert.Contains("lies inside the state directory", error.Message, StringComparison.Ordinal);
    }

    [Fact(SkipUnless = nameof(PrivateTree.UnixPermissions), SkipType = typeof(PrivateTree), Skip = "Unix permissions: on Windows the profile's ACLs keep these files private.")]
    public async Task State_an_older_version_wrote_in_clear_and_wide_open_loads_and_is_rewritten_sealed_and_private()
    {
        // What the version before the master key wrote: a KMS key with its material in clear, a secret sealed under it,
        // in a directory and files as the umask made them (0755/0644).
        var material = RandomNumberGenerator.GetBytes(32);
        var key = new KmsKeyRecord
        {
            KeyId = Guid.NewGuid().ToString(),
            Account = "000000000000",
            Region = "us-east-1",
            Arn = "",
            CreationDate = DateTimeOffset.UnixEpoch,
            Policy = KmsKeys.DefaultPolicy("000000000000"),
            Material = Convert.ToBase64String(material),
        };
        key = key with { Arn = KmsKeys.KeyArn(key.Account, key.Region, key.KeyId) };
        var secretArn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:legacy-AbCdEf";
        var versionId = Guid.NewGuid().ToString();
        var context = new Dictionary<string, string> { ["SecretARN"] = secretArn, ["SecretVersionId"] = versionId };
        var secret = new SecretRecord
        {
            Account = "000000000000",
            Region = "us-east-1",
            Name = "legacy",
            Arn = secretArn,
            KmsKeyId = key.Arn,
            CreatedDate = DateTimeOffset.UnixEpoch,
            LastChangedDate = DateTimeOffset.UnixEpoch,
            Versions =
            [
                new SecretVersionRecord
                {
                    VersionId = versionId,
                    Stages = ["AWSCURRENT"],
                    CreatedDate = DateTimeOffset.UnixEpoch,
                    Ciphertext = Convert.ToBase64String(KmsCiphertext.Seal(key, "legacy-value"u8, context)),
                    KmsKeyArn = key.Arn,
                },
            ],
        };
        Directory.CreateDirectory(Data);
        var clear = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await File.WriteAllLinesAsync(Path.Combine(Data, "journal.jsonl"),
        [
            Line("kms.keys", KmsKeys.KeyRow(key.Account, key.Region, key.KeyId), JsonSerializer.SerializeToNode(key, clear)),
            Line("secretsmanager.secrets", "000000000000/us-east-1/legacy", JsonSerializer.SerializeToNode(secret, clear)),
        ], Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Data, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(Path.Combine(Data, "journal.jsonl"), (UnixFileMode)0b110_100_100);
        }

        var keyFile = Path.Combine(root, "migrated.key");
        await using (var emulator = await AwsEmulator.StartAsync(Options(keyFile), cancellationToken: Ct))
        {
            using var sm = new SecretsManagerClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = new BasicAWSCredentials("test", "test") });
            Assert.Equal("legacy-value", (await sm.GetSecretValueAsync("legacy", cancellationToken: Ct)).Value.Reveal());
        }

        PrivateTree.AssertOwnerOnly(Data);
        PrivateTree.AssertNowhere(Data, [("the KMS key material", material), ("the KMS key material (base64)", Encoding.ASCII.GetBytes(key.Material))]);
        Assert.Contains("\"material\":\"pksealed1:", await File.ReadAllTextAsync(Path.Combine(Data, "snapshot.json"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sealed_value_opens_only_for_its_own_purpose()
    {
        using var store = StateStore.Open(Data, Path.Combine(root, "purpose.key"));
        var sealedText = store.Seal("secret"u8, "aws-state/A.B");
        Assert.StartsWith("pksealed1:", sealedText, StringComparison.Ordinal);
        Assert.Equal("secret", store.OpenSealed(sealedText, "aws-state/A.B"));
        Assert.Throws<MasterKeyException>(() => store.OpenSealed(sealedText, "aws-state/A.C"));
    }

    private static string Line(string table, string key, JsonNode? value) =>
        new JsonObject { ["t"] = table, ["k"] = key, ["v"] = value }.ToJsonString();
}
