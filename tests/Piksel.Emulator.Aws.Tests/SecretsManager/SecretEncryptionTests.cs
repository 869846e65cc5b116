using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>Values encrypted under KMS keys and read back with the caller's own KMS rights; cross-account access.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SecretEncryptionTests(EmulatorFixture fixture) : SecretsManagerTestBase(fixture)
{
    private AmazonKeyManagementServiceClient Kms() => new(Fixture.RootCredentials, Fixture.Config<AmazonKeyManagementServiceConfig>());

    private async Task<KeyMetadata> NewKey(string? policy = null)
    {
        using var kms = Kms();
        return (await kms.CreateKeyAsync(new CreateKeyRequest { Policy = policy }, Ct)).KeyMetadata;
    }

    [Fact]
    public async Task A_customer_key_protects_the_value_and_its_state_matters()
    {
        using var sm = Client();
        using var kms = Kms();
        var key = await NewKey();
        var alias = $"alias/SecretEncryptionTests-{Guid.NewGuid():N}";
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }, Ct);
        var name = Name("cmk");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("under cmk"), KmsKeyId = alias }, Ct);
        Assert.Equal(alias, (await sm.DescribeSecretAsync(name, Ct)).KmsKeyId);
        Assert.Equal("under cmk", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());

        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }, Ct);
        Assert.Equal("DecryptionFailure", (await Error(() => sm.GetSecretValueAsync(name, cancellationToken: Ct))).ErrorCode);
        Assert.Equal("EncryptionFailure", (await Error(() => sm.PutSecretValueAsync(name, SecretValue.FromString("x"), cancellationToken: Ct))).ErrorCode);
        await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }, Ct);
        Assert.Equal("under cmk", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
    }

    [Fact]
    public async Task Changing_the_key_encrypts_new_versions_under_it_and_old_ones_stay_readable()
    {
        using var sm = Client();
        using var kms = Kms();
        var first = await NewKey();
        var second = await NewKey();
        var name = Name("rekey");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("one"), KmsKeyId = first.Arn }, Ct);
        await sm.UpdateSecretAsync(new UpdateSecretRequest { SecretId = name, KmsKeyId = second.KeyId, Value = SecretValue.FromString("two") }, Ct);
        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = first.KeyId }, Ct);
        Assert.Equal("two", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
        Assert.Equal("DecryptionFailure", (await Error(() => sm.GetSecretValueAsync(name, versionStage: "AWSPREVIOUS", cancellationToken: Ct))).ErrorCode);
    }

    [Fact]
    public async Task Another_account_without_a_resource_policy_is_denied()
    {
        using var sm = Client();
        using var stranger = SecondClient();
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = Name("private"), Value = SecretValue.FromString("v") }, Ct);
        Assert.Equal("AccessDeniedException", (await Error(() => stranger.GetSecretValueAsync(created.Arn, cancellationToken: Ct))).ErrorCode);
        Assert.Equal("AccessDeniedException", (await Error(() => stranger.DescribeSecretAsync(created.Arn, Ct))).ErrorCode);
        // By name the secret is looked for in the caller's own account.
        Assert.Equal("ResourceNotFoundException", (await Error(() => stranger.GetSecretValueAsync(created.Name, cancellationToken: Ct))).ErrorCode);
    }

    private static string PartnerPolicy => """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}
        """;

    /// <summary>Needs the IAM policy engine (cross-account grants through resource and key policies).</summary>
    [Fact]
    public async Task Another_account_reads_through_a_resource_policy_and_a_key_policy_that_allow_it()
    {
        using var sm = Client();
        using var partner = SecondClient();
        var key = await NewKey("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:Decrypt","Resource":"*"}]}
            """);
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = Name("shared"), Value = SecretValue.FromString("shared"), KmsKeyId = key.Arn }, Ct);
        await sm.PutResourcePolicyAsync(created.Arn, PartnerPolicy, cancellationToken: Ct);
        Assert.Equal("shared", (await partner.GetSecretValueAsync(created.Arn, cancellationToken: Ct)).Value.Reveal());
        // The policy grants GetSecretValue only.
        Assert.Equal("AccessDeniedException", (await Error(() => partner.PutSecretValueAsync(created.Arn, SecretValue.FromString("x"), cancellationToken: Ct))).ErrorCode);
    }

    /// <summary>AWS managed keys cannot be used across accounts: the secret policy alone is not enough.</summary>
    [Fact]
    public async Task Another_account_cannot_read_a_secret_under_the_aws_managed_key()
    {
        using var sm = Client();
        using var partner = SecondClient();
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = Name("managed"), Value = SecretValue.FromString("v") }, Ct);
        await sm.PutResourcePolicyAsync(created.Arn, PartnerPolicy, cancellationToken: Ct);
        Assert.Equal("AccessDeniedException", (await Error(() => partner.GetSecretValueAsync(created.Arn, cancellationToken: Ct))).ErrorCode);
    }

    /// <summary>Needs the IAM policy engine: the key policy does not grant kms:Decrypt, so even the owner is refused.</summary>
    [Fact]
    public async Task A_key_policy_that_does_not_allow_the_reader_gives_AccessDeniedException()
    {
        using var sm = Client();
        var key = await NewKey("""
            {"Version":"2012-10-17","Statement":[{"Sid":"WriteOnly","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},
              "Action":["kms:Encrypt","kms:GenerateDataKey","kms:DescribeKey","kms:GetKeyPolicy","kms:PutKeyPolicy"],"Resource":"*"}]}
            """);
        var name = Name("nodecrypt");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v"), KmsKeyId = key.KeyId }, Ct);
        var error = await Error(() => sm.GetSecretValueAsync(name, cancellationToken: Ct));
        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal("Access to KMS is not allowed", error.ErrorMessage);
    }

    /// <summary>
    /// Needs the IAM policy engine: a user allowed secretsmanager:* reads secrets under aws/secretsmanager (its key
    /// policy admits the account's principals via the service) but not under a customer key it has no kms:Decrypt for.
    /// </summary>
    [Fact]
    public async Task An_IAM_user_needs_kms_Decrypt_for_a_customer_key_but_not_for_the_managed_key()
    {
        var (accessKey, secretKey) = SeedUser("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}]}""");
        using var owner = Client();
        using var user = new SecretsManagerClient(new AwsClientOptions
        {
            ServiceUrl = new Uri(Fixture.ServiceUrl),
            Credentials = new BasicAWSCredentials(accessKey, secretKey),
        });
        var key = await NewKey();
        var managed = Name("user-managed");
        var customer = Name("user-cmk");
        await owner.CreateSecretAsync(new CreateSecretRequest { Name = managed, Value = SecretValue.FromString("m") }, Ct);
        await owner.CreateSecretAsync(new CreateSecretRequest { Name = customer, Value = SecretValue.FromString("c"), KmsKeyId = key.KeyId }, Ct);

        Assert.Equal("m", (await user.GetSecretValueAsync(managed, cancellationToken: Ct)).Value.Reveal());
        var denied = await Error(() => user.GetSecretValueAsync(customer, cancellationToken: Ct));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
    }

    private (string AccessKey, string SecretKey) SeedUser(string inlinePolicy)
    {
        var iam = Fixture.Emulator.State.Iam;
        var userName = $"sm-reader-{Guid.NewGuid():N}"[..30];
        var accessKey = $"AKIA{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var secretKey = Guid.NewGuid().ToString("N");
        iam.Users.Put(IamStore.Key("000000000000", userName), new UserRecord
        {
            AccountId = "000000000000",
            UserName = userName,
            UserId = $"AIDA{Guid.NewGuid():N}"[..21].ToUpperInvariant(),
            Arn = $"arn:aws:iam::000000000000:user/{userName}",
            CreateDate = DateTimeOffset.UtcNow,
            InlinePolicies = new Dictionary<string, string> { ["secrets"] = inlinePolicy },
        });
        iam.AccessKeys.Put(accessKey, new AccessKeyRecord
        {
            AccountId = "000000000000",
            UserName = userName,
            AccessKeyId = accessKey,
            SecretAccessKey = secretKey,
            CreateDate = DateTimeOffset.UtcNow,
        });
        return (accessKey, secretKey);
    }
}
