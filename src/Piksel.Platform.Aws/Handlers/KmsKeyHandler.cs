using System.Runtime.CompilerServices;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// Customer managed KMS keys with their alias: key policy, description, rotation, tags. The key is found by its
/// alias; its spec name is kept in the <see cref="ManagementTags.ResourceName"/> tag so a key whose alias was lost is
/// found again instead of created twice. Delete removes the alias and schedules the key's deletion (KMS's shortest
/// window, 7 days). Outputs <c>arn</c> and <c>keyId</c>.
/// </summary>
public sealed class KmsKeyHandler(AwsHandlerContext context) : AwsResourceHandler<KmsKey, AmazonKeyManagementServiceClient>(context)
{
    private const string DefaultPolicy = "default";

    /// <inheritdoc />
    protected override string Noun => "KMS key";

    /// <inheritdoc />
    protected override AmazonKeyManagementServiceClient CreateClient(AwsClientOptions options) =>
        new(options.ResolveCredentials(), SdkConfig<AmazonKeyManagementServiceConfig>(options));

    /// <inheritdoc />
    protected override async Task<Observed<KmsKey>?> ReadAsync(AmazonKeyManagementServiceClient client, KmsKey desired, CancellationToken cancellationToken) =>
        await FindByAliasAsync(client, desired.Alias, cancellationToken) is { } key
            ? await ObserveAsync(client, desired, key, cancellationToken)
            : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonKeyManagementServiceClient client, KmsKey desired, CancellationToken cancellationToken)
    {
        var tags = ManagementTags.WithResourceName(desired.Tags, desired.Name);
        var key = await FindByAliasAsync(client, desired.Alias, cancellationToken);
        if (key is null)
        {
            // A key an earlier attempt created but could not alias is found by its name tag, not created twice.
            key = await FindByNameAsync(client, desired.Name, cancellationToken) ?? (await client.CreateKeyAsync(new CreateKeyRequest
            {
                Description = desired.Description,
                Policy = desired.KeyPolicy.ToJson(),
                KeySpec = desired.KeySpec,
                KeyUsage = desired.KeyUsage,
                Tags = tags.Select(t => new Tag { TagKey = t.Key, TagValue = t.Value }).ToList(),
            }, cancellationToken)).KeyMetadata;
            await client.CreateAliasAsync(new CreateAliasRequest { AliasName = desired.Alias, TargetKeyId = key.KeyId }, cancellationToken);
        }

        var current = await ObserveAsync(client, desired, key, cancellationToken);
        await ConvergeAsync(client, desired, current.State, key.KeyId, cancellationToken);
        var (set, remove) = Canonical.TagChanges(await TagsAsync(client, key.KeyId, cancellationToken), tags);
        if (set.Count > 0)
        {
            await client.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = set.Select(t => new Tag { TagKey = t.Key, TagValue = t.Value }).ToList() }, cancellationToken);
        }

        if (remove.Count > 0)
        {
            await client.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = remove.ToList() }, cancellationToken);
        }

        return current.Outputs;
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(AmazonKeyManagementServiceClient client, Observed<KmsKey> actual, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteAliasAsync(new DeleteAliasRequest { AliasName = actual.State.Alias }, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Alias already gone.
        }

        if (actual.Outputs.TryGetValue(KmsKey.KeyIdOutput, out var keyId))
        {
            try
            {
                await client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = 7 }, cancellationToken);
            }
            catch (Exception e) when (e is NotFoundException || (e is KMSInvalidStateException && e.Message.Contains("pending deletion", StringComparison.OrdinalIgnoreCase)))
            {
                // Already gone or already scheduled.
            }
        }
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonKeyManagementServiceClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in await LiveCustomerKeysAsync(client, cancellationToken))
        {
            var tags = await TagsAsync(client, key.KeyId, cancellationToken);
            var stub = new KmsKey
            {
                Name = tags.GetValueOrDefault(ManagementTags.ResourceName, key.KeyId),
                Account = account,
                Alias = "",
                KeyPolicy = new PolicyDocument { Statements = [] },
            };

            // The alias is read only for a key the plan needs (the id depends on the name only).
            yield return new Listed(stub, tags, async () =>
            {
                var aliases = await client.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId }, cancellationToken);
                return await ObserveAsync(client, stub with { Alias = aliases.Aliases?.FirstOrDefault()?.AliasName ?? "" }, key, cancellationToken);
            });
        }
    }

    private static async Task ConvergeAsync(AmazonKeyManagementServiceClient kms, KmsKey desired, KmsKey state, string keyId, CancellationToken cancellationToken)
    {
        if (state.KeyPolicy.ToJson() != desired.KeyPolicy.ToJson())
        {
            await kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = keyId, PolicyName = DefaultPolicy, Policy = desired.KeyPolicy.ToJson() }, cancellationToken);
        }

        if (state.Description != desired.Description)
        {
            await kms.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = keyId, Description = desired.Description }, cancellationToken);
        }

        if (state.EnableKeyRotation != desired.EnableKeyRotation)
        {
            if (desired.EnableKeyRotation)
            {
                await kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId }, cancellationToken);
            }
            else
            {
                await kms.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = keyId }, cancellationToken);
            }
        }
    }

    private static async Task<KeyMetadata?> FindByAliasAsync(AmazonKeyManagementServiceClient kms, string alias, CancellationToken cancellationToken)
    {
        try
        {
            var key = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }, cancellationToken)).KeyMetadata;
            return key.KeyState == KeyState.PendingDeletion ? null : key;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static async Task<KeyMetadata?> FindByNameAsync(AmazonKeyManagementServiceClient kms, string name, CancellationToken cancellationToken)
    {
        foreach (var key in await LiveCustomerKeysAsync(kms, cancellationToken))
        {
            if ((await TagsAsync(kms, key.KeyId, cancellationToken)).GetValueOrDefault(ManagementTags.ResourceName) == name)
            {
                return key;
            }
        }

        return null;
    }

    private static async Task<List<KeyMetadata>> LiveCustomerKeysAsync(AmazonKeyManagementServiceClient kms, CancellationToken cancellationToken)
    {
        var keys = new List<KeyMetadata>();
        string? marker = null;
        do
        {
            var page = await kms.ListKeysAsync(new ListKeysRequest { Marker = marker }, cancellationToken);
            foreach (var entry in page.Keys ?? [])
            {
                var key = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = entry.KeyId }, cancellationToken)).KeyMetadata;
                if (key.KeyManager == KeyManagerType.CUSTOMER && key.KeyState != KeyState.PendingDeletion)
                {
                    keys.Add(key);
                }
            }

            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return keys;
    }

    private static async Task<Dictionary<string, string>> TagsAsync(AmazonKeyManagementServiceClient kms, string keyId, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keyId, Marker = marker }, cancellationToken);
            foreach (var tag in page.Tags ?? [])
            {
                tags[tag.TagKey] = tag.TagValue;
            }

            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return tags;
    }

    private static async Task<Observed<KmsKey>> ObserveAsync(AmazonKeyManagementServiceClient kms, KmsKey desired, KeyMetadata key, CancellationToken cancellationToken)
    {
        var policy = await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.KeyId, PolicyName = DefaultPolicy }, cancellationToken);
        var rotation = await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId }, cancellationToken);
        var tags = await TagsAsync(kms, key.KeyId, cancellationToken);
        tags.Remove(ManagementTags.ResourceName);
        var state = desired with
        {
            Description = key.Description ?? "",
            KeyPolicy = PolicyDocument.Parse(policy.Policy),
            EnableKeyRotation = rotation.KeyRotationEnabled == true,
            KeySpec = key.KeySpec?.Value ?? desired.KeySpec,
            KeyUsage = key.KeyUsage?.Value ?? desired.KeyUsage,
            Tags = tags,
        };
        return new Observed<KmsKey>(state, new Dictionary<string, string>
        {
            [AwsResource.ArnOutput] = key.Arn,
            [KmsKey.KeyIdOutput] = key.KeyId,
        });
    }
}
