using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Kms;

/// <summary>Key lifecycle, key policies, tags and aliases through the official AWSSDK.KeyManagementService client.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class KmsKeyTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonKeyManagementServiceClient Client() => new(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>());

    private static readonly string BadAlias = "alias/bad name!";

    private static async Task<string> ErrorOf(Func<Task> call) =>
        (await Assert.ThrowsAnyAsync<AmazonServiceException>(call)).ErrorCode;

    [Fact]
    public async Task CreateKey_and_DescribeKey_report_metadata_as_AWS_does()
    {
        using var kms = Client();
        var created = await kms.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "KmsKeyTests describe",
            Tags = [new Tag { TagKey = "team", TagValue = "platform" }],
        }, Ct);
        var metadata = created.KeyMetadata;
        Assert.Equal("000000000000", metadata.AWSAccountId);
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{metadata.KeyId}", metadata.Arn);
        Assert.True(Guid.TryParse(metadata.KeyId, out _));
        Assert.True(metadata.Enabled);
        Assert.Equal(KeyState.Enabled, metadata.KeyState);
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, metadata.KeyUsage);
        Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, metadata.KeySpec);
        Assert.Equal(KeyManagerType.CUSTOMER, metadata.KeyManager);
        Assert.Equal(OriginType.AWS_KMS, metadata.Origin);
        Assert.InRange(metadata.CreationDate!.Value, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));

        var described = await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = metadata.Arn }, Ct);
        Assert.Equal(metadata.KeyId, described.KeyMetadata.KeyId);
        Assert.Equal("KmsKeyTests describe", described.KeyMetadata.Description);

        var tags = await kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = metadata.KeyId }, Ct);
        Assert.Equal("platform", Assert.Single(tags.Tags, t => t.TagKey == "team").TagValue);
    }

    [Fact]
    public async Task Default_key_policy_enables_IAM_permissions_for_the_account_root()
    {
        using var kms = Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata.KeyId;
        var policy = await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key, PolicyName = "default" }, Ct);
        Assert.Contains("Enable IAM User Permissions", policy.Policy, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::000000000000:root", policy.Policy, StringComparison.Ordinal);
        Assert.Contains("\"kms:*\"", policy.Policy, StringComparison.Ordinal);

        var replacement = """{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}""";
        await kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key, PolicyName = "default", Policy = replacement }, Ct);
        Assert.Equal(replacement, (await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key }, Ct)).Policy);

        Assert.Equal("MalformedPolicyDocumentException",
            await ErrorOf(() => kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key, Policy = "{not json" }, Ct)));
        Assert.Equal("MalformedPolicyDocumentException",
            await ErrorOf(() => kms.CreateKeyAsync(new CreateKeyRequest { Policy = "{not json" }, Ct)));
    }

    [Fact]
    public async Task Unknown_keys_and_aliases_are_NotFoundException()
    {
        using var kms = Client();
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = Guid.NewGuid().ToString() }, Ct)));
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/KmsKeyTests-none" }, Ct)));
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.DescribeKeyAsync(
            new DescribeKeyRequest { KeyId = $"arn:aws:kms:us-east-1:000000000000:key/{Guid.NewGuid()}" }, Ct)));
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "not-a-key" }, Ct)));
    }

    [Fact]
    public async Task ListKeys_pages_with_Limit_and_Marker()
    {
        using var kms = new AmazonKeyManagementServiceClient(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>("eu-north-1"));
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add((await kms.CreateKeyAsync(new CreateKeyRequest { Description = "paging" }, Ct)).KeyMetadata.KeyId);

        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await kms.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker }, Ct);
            Assert.True(page.Keys.Count <= 2);
            seen.AddRange(page.Keys.Select(k => k.KeyId));
            Assert.All(page.Keys, k => Assert.Equal($"arn:aws:kms:eu-north-1:000000000000:key/{k.KeyId}", k.KeyArn));
            marker = page.Truncated == true ? page.NextMarker : null;
            pages++;
        } while (marker is not null);
        Assert.Superset(created.ToHashSet(), seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task Schedule_and_cancel_deletion_follow_AWS_states()
    {
        using var kms = Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata.KeyId;

        Assert.Equal("ValidationException", await ErrorOf(() => kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key, PendingWindowInDays = 6 }, Ct)));
        Assert.Equal("ValidationException", await ErrorOf(() => kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key, PendingWindowInDays = 31 }, Ct)));

        var scheduled = await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key, PendingWindowInDays = 7 }, Ct);
        Assert.Equal(KeyState.PendingDeletion, scheduled.KeyState);
        Assert.Equal(7, scheduled.PendingWindowInDays);
        Assert.InRange(scheduled.DeletionDate!.Value, DateTime.UtcNow.AddDays(7).AddMinutes(-5), DateTime.UtcNow.AddDays(7).AddMinutes(5));
        var metadata = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key }, Ct)).KeyMetadata;
        Assert.Equal(KeyState.PendingDeletion, metadata.KeyState);
        Assert.False(metadata.Enabled);
        Assert.NotNull(metadata.DeletionDate);

        Assert.Equal("KMSInvalidStateException", await ErrorOf(() => kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key }, Ct)));

        var cancelled = await kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key }, Ct);
        Assert.EndsWith(key, cancelled.KeyId, StringComparison.Ordinal);
        // AWS leaves a key whose deletion was cancelled disabled.
        metadata = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key }, Ct)).KeyMetadata;
        Assert.Equal(KeyState.Disabled, metadata.KeyState);
        Assert.Null(metadata.DeletionDate);
        Assert.Equal("KMSInvalidStateException", await ErrorOf(() => kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key }, Ct)));

        await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key }, Ct);
        Assert.Equal(KeyState.Enabled, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key }, Ct)).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task Tags_can_be_added_and_removed()
    {
        using var kms = Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata.KeyId;
        await kms.TagResourceAsync(new TagResourceRequest { KeyId = key, Tags = [new Tag { TagKey = "a", TagValue = "1" }, new Tag { TagKey = "b", TagValue = "2" }] }, Ct);
        await kms.TagResourceAsync(new TagResourceRequest { KeyId = key, Tags = [new Tag { TagKey = "a", TagValue = "3" }] }, Ct);
        await kms.UntagResourceAsync(new UntagResourceRequest { KeyId = key, TagKeys = ["b"] }, Ct);
        var tags = (await kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key }, Ct)).Tags;
        var tag = Assert.Single(tags);
        Assert.Equal(("a", "3"), (tag.TagKey, tag.TagValue));
    }

    [Fact]
    public async Task Aliases_resolve_everywhere_a_key_id_is_accepted()
    {
        using var kms = Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata;
        var other = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata;
        var alias = $"alias/KmsKeyTests-{Guid.NewGuid():N}";
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }, Ct);

        Assert.Equal(key.KeyId, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }, Ct)).KeyMetadata.KeyId);
        Assert.Equal(key.KeyId, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = $"arn:aws:kms:us-east-1:000000000000:{alias}" }, Ct)).KeyMetadata.KeyId);

        var listed = await kms.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId }, Ct);
        var entry = Assert.Single(listed.Aliases);
        Assert.Equal(alias, entry.AliasName);
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:{alias}", entry.AliasArn);
        Assert.Equal(key.KeyId, entry.TargetKeyId);

        Assert.Equal("AlreadyExistsException", await ErrorOf(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = other.KeyId }, Ct)));

        await kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = other.Arn }, Ct);
        Assert.Equal(other.KeyId, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }, Ct)).KeyMetadata.KeyId);

        await kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias }, Ct);
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }, Ct)));
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias }, Ct)));
    }

    [Fact]
    public async Task Alias_names_are_validated_and_aws_prefix_is_reserved()
    {
        using var kms = Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata.KeyId;
        Assert.Equal("NotAuthorizedException", await ErrorOf(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/aws/mine", TargetKeyId = key }, Ct)));
        Assert.Equal("ValidationException", await ErrorOf(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "no-prefix", TargetKeyId = key }, Ct)));
        Assert.Equal("ValidationException", await ErrorOf(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = BadAlias, TargetKeyId = key }, Ct)));
        Assert.Equal("NotFoundException", await ErrorOf(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/KmsKeyTests-orphan", TargetKeyId = Guid.NewGuid().ToString() }, Ct)));
        Assert.Equal("NotAuthorizedException", await ErrorOf(() => kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = "alias/aws/secretsmanager" }, Ct)));
    }

    [Fact]
    public async Task The_aws_secretsmanager_key_is_AWS_managed_and_created_on_first_use()
    {
        using var kms = new AmazonKeyManagementServiceClient(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>("ap-south-2"));
        var first = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/secretsmanager" }, Ct)).KeyMetadata;
        var second = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/secretsmanager" }, Ct)).KeyMetadata;
        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(KeyManagerType.AWS, first.KeyManager);
        var policy = (await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = first.KeyId }, Ct)).Policy;
        Assert.Contains("kms:ViaService", policy, StringComparison.Ordinal);
        Assert.Contains("secretsmanager.ap-south-2.amazonaws.com", policy, StringComparison.Ordinal);
        Piksel.Emulator.Aws.Policy.PolicyDocument.Parse(policy); // must pass IAM's grammar (e.g. unique Sids) to be evaluated at all
        Assert.Contains(first.KeyId, (await kms.ListAliasesAsync(new ListAliasesRequest(), Ct)).Aliases
            .Where(a => a.AliasName == "alias/aws/secretsmanager").Select(a => a.TargetKeyId));
    }
}
