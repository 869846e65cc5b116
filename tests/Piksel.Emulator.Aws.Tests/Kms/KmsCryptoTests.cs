using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Kms;

/// <summary>Encrypt/Decrypt/GenerateDataKey with real AES-GCM: context binding, key states, alias lookups, cross-account use.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class KmsCryptoTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonKeyManagementServiceClient Client() => new(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>());

    private AmazonKeyManagementServiceClient SecondClient() => new(fixture.SecondRootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>());

    // Out-of-range values held in fields: the SDK's analyzers reject such literals at compile time.
    private static readonly int TooMany = 1025;
    private static readonly int TooFew = int.Parse("0", System.Globalization.CultureInfo.InvariantCulture);

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Text(MemoryStream stream) => Encoding.UTF8.GetString(stream.ToArray());

    private static async Task<string> ErrorOf(Func<Task> call) =>
        (await Assert.ThrowsAnyAsync<AmazonServiceException>(call)).ErrorCode;

    private static async Task<KeyMetadata> NewKey(AmazonKeyManagementServiceClient kms, string? policy = null) =>
        (await kms.CreateKeyAsync(new CreateKeyRequest { Policy = policy }, Ct)).KeyMetadata;

    [Fact]
    public async Task Encrypt_then_Decrypt_roundtrips_without_a_KeyId_and_binds_the_context()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        var context = new Dictionary<string, string> { ["purpose"] = "test", ["tenant"] = "a" };
        var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("hello kms"), EncryptionContext = context }, Ct);
        Assert.Equal(key.Arn, encrypted.KeyId);
        Assert.DoesNotContain("hello kms", Encoding.UTF8.GetString(encrypted.CiphertextBlob.ToArray()), StringComparison.Ordinal);

        var decrypted = await kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(encrypted.CiphertextBlob.ToArray()),
            EncryptionContext = new Dictionary<string, string> { ["tenant"] = "a", ["purpose"] = "test" },
        }, Ct);
        Assert.Equal("hello kms", Text(decrypted.Plaintext));
        Assert.Equal(key.Arn, decrypted.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, decrypted.EncryptionAlgorithm);

        Assert.Equal("InvalidCiphertextException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(encrypted.CiphertextBlob.ToArray()),
            EncryptionContext = new Dictionary<string, string> { ["purpose"] = "test", ["tenant"] = "b" },
        }, Ct)));
        Assert.Equal("InvalidCiphertextException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(encrypted.CiphertextBlob.ToArray()),
        }, Ct)));

        var tampered = encrypted.CiphertextBlob.ToArray();
        tampered[^1] ^= 0x01;
        Assert.Equal("InvalidCiphertextException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(tampered),
            EncryptionContext = context,
        }, Ct)));
        Assert.Equal("InvalidCiphertextException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = Bytes("garbage-garbage-garbage") }, Ct)));
    }

    [Fact]
    public async Task Decrypt_with_another_KeyId_is_IncorrectKeyException()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        var other = await NewKey(kms);
        var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("x") }, Ct)).CiphertextBlob.ToArray();
        Assert.Equal("IncorrectKeyException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), KeyId = other.KeyId }, Ct)));
        Assert.Equal("x", Text((await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), KeyId = key.Arn }, Ct)).Plaintext));
    }

    [Fact]
    public async Task Plaintext_over_4096_bytes_is_ValidationException()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        Assert.Equal("ValidationException", await ErrorOf(() => kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[4097]) }, Ct)));
        var ok = await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[4096]) }, Ct);
        Assert.NotNull(ok.CiphertextBlob);
    }

    [Fact]
    public async Task Aliases_and_alias_ARNs_work_for_Encrypt()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        var alias = $"alias/KmsCryptoTests-{Guid.NewGuid():N}";
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }, Ct);
        foreach (var id in new[] { alias, $"arn:aws:kms:us-east-1:000000000000:{alias}", key.Arn, key.KeyId })
        {
            var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = id, Plaintext = Bytes(id) }, Ct)).CiphertextBlob;
            var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = id }, Ct);
            Assert.Equal(id, Text(decrypted.Plaintext));
            Assert.Equal(key.Arn, decrypted.KeyId);
        }
    }

    [Fact]
    public async Task A_disabled_key_refuses_cryptography_until_enabled()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("before") }, Ct)).CiphertextBlob.ToArray();
        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }, Ct);
        Assert.False((await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }, Ct)).KeyMetadata.Enabled);
        Assert.Equal("DisabledException", await ErrorOf(() => kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("x") }, Ct)));
        Assert.Equal("DisabledException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)));
        Assert.Equal("DisabledException", await ErrorOf(() => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }, Ct)));
        await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }, Ct);
        Assert.Equal("before", Text((await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)).Plaintext));
    }

    [Fact]
    public async Task A_key_pending_deletion_is_KMSInvalidStateException()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("x") }, Ct)).CiphertextBlob.ToArray();
        await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 }, Ct);
        Assert.Equal("KMSInvalidStateException", await ErrorOf(() => kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("x") }, Ct)));
        Assert.Equal("KMSInvalidStateException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)));
    }

    [Fact]
    public async Task GenerateDataKey_plaintext_decrypts_from_its_ciphertext()
    {
        using var kms = Client();
        var key = await NewKey(kms);
        var context = new Dictionary<string, string> { ["bucket"] = "b" };
        var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = context }, Ct);
        Assert.Equal(32, dataKey.Plaintext.Length);
        var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = dataKey.CiphertextBlob, EncryptionContext = context }, Ct);
        Assert.Equal(dataKey.Plaintext.ToArray(), decrypted.Plaintext.ToArray());

        var small = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_128 }, Ct);
        Assert.Equal(16, small.Plaintext.Length);
        var counted = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = 64 }, Ct);
        Assert.Equal(64, counted.Plaintext.Length);

        var withoutPlaintext = await kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }, Ct);
        Assert.Equal(32, (await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = withoutPlaintext.CiphertextBlob }, Ct)).Plaintext.Length);

        Assert.Equal("ValidationException", await ErrorOf(() => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId }, Ct)));
        Assert.Equal("ValidationException", await ErrorOf(() => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = TooMany }, Ct)));
    }

    [Fact]
    public async Task GenerateRandom_returns_the_requested_number_of_distinct_bytes()
    {
        using var kms = Client();
        var a = (await kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }, Ct)).Plaintext.ToArray();
        var b = (await kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }, Ct)).Plaintext.ToArray();
        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, b);
        Assert.Equal("ValidationException", await ErrorOf(() => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = TooFew }, Ct)));
    }

    [Fact]
    public async Task Another_account_is_denied_a_key_whose_policy_does_not_name_it()
    {
        using var owner = Client();
        using var stranger = SecondClient();
        var key = await NewKey(owner);
        var blob = (await owner.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("private") }, Ct)).CiphertextBlob.ToArray();
        Assert.Equal("AccessDeniedException", await ErrorOf(() => stranger.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes("x") }, Ct)));
        Assert.Equal("AccessDeniedException", await ErrorOf(() => stranger.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)));
        // A bare key id is looked up in the caller's own account, as in AWS.
        Assert.Equal("NotFoundException", await ErrorOf(() => stranger.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }, Ct)));
    }

    /// <summary>Needs the IAM policy engine (the placeholder authorizer denies every cross-account call).</summary>
    [Fact]
    public async Task Another_account_may_use_a_key_by_ARN_when_the_key_policy_allows_it()
    {
        using var owner = Client();
        using var partner = SecondClient();
        var policy = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}
            """;
        var key = await NewKey(owner, policy);
        var blob = (await partner.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes("shared") }, Ct)).CiphertextBlob.ToArray();
        Assert.Equal("shared", Text((await owner.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)).Plaintext));
        Assert.Equal("shared", Text((await partner.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)).Plaintext));
        // The policy grants Encrypt/Decrypt/DescribeKey only.
        Assert.Equal("AccessDeniedException", await ErrorOf(() => partner.DisableKeyAsync(new DisableKeyRequest { KeyId = key.Arn }, Ct)));
    }

    /// <summary>Needs the IAM policy engine: KMS key policies bind even the account root.</summary>
    [Fact]
    public async Task A_key_policy_without_Decrypt_denies_the_owner_account_root()
    {
        using var kms = Client();
        var policy = """
            {"Version":"2012-10-17","Statement":[{"Sid":"NoDecrypt","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},
              "Action":["kms:Encrypt","kms:DescribeKey","kms:PutKeyPolicy","kms:GetKeyPolicy"],"Resource":"*"}]}
            """;
        var key = await NewKey(kms, policy);
        var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("x") }, Ct)).CiphertextBlob.ToArray();
        Assert.Equal("AccessDeniedException", await ErrorOf(() => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Ct)));
    }

    /// <summary>AWS has no kms:ReEncrypt action: the source key must allow kms:ReEncryptFrom and the destination kms:ReEncryptTo.</summary>
    [Fact]
    public async Task ReEncrypt_needs_ReEncryptFrom_on_the_source_and_ReEncryptTo_on_the_destination()
    {
        using var kms = Client();
        static string Policy(string action) => $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},
              "Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey","{{action}}"],"Resource":"*"}]}
            """;
        var source = await NewKey(kms);
        var destination = await NewKey(kms);
        var noFrom = await NewKey(kms, Policy("kms:ReEncryptTo"));
        var noTo = await NewKey(kms, Policy("kms:ReEncryptFrom"));
        var context = new Dictionary<string, string> { ["purpose"] = "rotate" };
        async Task<MemoryStream> Sealed(KeyMetadata key) => new((await kms.EncryptAsync(
            new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes("moving"), EncryptionContext = context }, Ct)).CiphertextBlob.ToArray());
        var fromSource = await Sealed(source);
        var fromNoFrom = await Sealed(noFrom);
        var fromSourceAgain = await Sealed(source);
        var fromSourceWithoutContext = await Sealed(source);

        var moved = await kms.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = fromSource,
            SourceEncryptionContext = context,
            DestinationKeyId = destination.KeyId,
        }, Ct);
        Assert.Equal(source.Arn, moved.SourceKeyId);
        Assert.Equal(destination.Arn, moved.KeyId);
        Assert.Equal("moving", Text((await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = moved.CiphertextBlob }, Ct)).Plaintext));

        Assert.Equal("AccessDeniedException", await ErrorOf(() => kms.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = fromNoFrom,
            SourceEncryptionContext = context,
            DestinationKeyId = destination.KeyId,
        }, Ct)));
        Assert.Equal("AccessDeniedException", await ErrorOf(() => kms.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = fromSourceAgain,
            SourceEncryptionContext = context,
            DestinationKeyId = noTo.KeyId,
        }, Ct)));
        // The source is opened before the destination is looked at: a wrong source context is reported first.
        Assert.Equal("InvalidCiphertextException", await ErrorOf(() => kms.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = fromSourceWithoutContext,
            DestinationKeyId = "alias/KmsCryptoTests-no-such-alias",
        }, Ct)));
    }
}
