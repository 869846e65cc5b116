using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Piksel.Platform.Definition;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// Customer managed KMS keys with their alias: key policy, description, rotation, tags. The key is found by its
/// alias; its spec name is kept in the <see cref="HiddenTags.ResourceName"/> tag so a key whose alias was lost is
/// found again instead of created twice. Delete removes the alias and schedules the key's deletion (KMS's shortest
/// window, 7 days). Outputs <c>arn</c> and <c>keyId</c>.
/// </summary>
public sealed class KmsKeyHandler(AwsHandlerContext context) : IResourceHandler<KmsKey>
{
    private const string DefaultPolicy = "default";

    /// <inheritdoc />
    public async Task<Observed<KmsKey>?> ReadAsync(KmsKey desired, CancellationToken cancellationToken)
    {
        var kms = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Reading KMS key {desired.Name}", async () =>
            await FindByAliasAsync(kms, desired.Alias, cancellationToken) is { } key
                ? await ObserveAsync(kms, desired, key, cancellationToken)
                : null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(KmsKey desired, Observed<KmsKey>? actual, CancellationToken cancellationToken)
    {
        var kms = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Applying KMS key {desired.Name}", async () =>
        {
            var key = await FindByAliasAsync(kms, desired.Alias, cancellationToken);
            if (key is null)
            {
                // A key an earlier attempt created but could not alias is found by its name tag, not created twice.
                key = await FindByNameAsync(kms, desired.Name, cancellationToken) ?? (await kms.CreateKeyAsync(new CreateKeyRequest
                {
                    Description = desired.Description,
                    Policy = desired.KeyPolicy.ToJson(),
                    KeySpec = desired.KeySpec,
                    KeyUsage = desired.KeyUsage,
                    Tags = WithName(desired).Select(t => new Tag { TagKey = t.Key, TagValue = t.Value }).ToList(),
                }, cancellationToken)).KeyMetadata;
                await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = desired.Alias, TargetKeyId = key.KeyId }, cancellationToken);
            }

            var current = await ObserveAsync(kms, desired, key, cancellationToken);
            var state = current.State;
            if (state.KeyPolicy.ToJson() != desired.KeyPolicy.ToJson())
            {
                await kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = DefaultPolicy, Policy = desired.KeyPolicy.ToJson() }, cancellationToken);
            }

            if (state.Description != desired.Description)
            {
                await kms.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = key.KeyId, Description = desired.Description }, cancellationToken);
            }

            if (state.EnableKeyRotation != desired.EnableKeyRotation)
            {
                if (desired.EnableKeyRotation)
                {
                    await kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId }, cancellationToken);
                }
                else
                {
                    await kms.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = key.KeyId }, cancellationToken);
                }
            }

            var (set, remove) = Canonical.TagChanges(await TagsAsync(kms, key.KeyId, cancellationToken), WithName(desired));
            if (set.Count > 0)
            {
                await kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = set.Select(t => new Tag { TagKey = t.Key, TagValue = t.Value }).ToList() }, cancellationToken);
            }

            if (remove.Count > 0)
            {
                await kms.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = remove.ToList() }, cancellationToken);
            }

            return current.Outputs;
        });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<KmsKey> actual, CancellationToken cancellationToken)
    {
        var kms = await ClientAsync(actual.State.Account, actual.State.Region, cancellationToken);
        await AwsErrors.Guard($"Deleting KMS key {actual.State.Name}", async () =>
        {
            try
            {
                await kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = actual.State.Alias }, cancellationToken);
            }
            catch (NotFoundException)
            {
                // Alias already gone.
            }

            if (actual.Outputs.TryGetValue(KmsKey.KeyIdOutput, out var keyId))
            {
                try
                {
                    await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = 7 }, cancellationToken);
                }
                catch (Exception e) when (e is NotFoundException || (e is KMSInvalidStateException && e.Message.Contains("pending deletion", StringComparison.OrdinalIgnoreCase)))
                {
                    // Already gone or already scheduled.
                }
            }
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<KmsKey>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, _ => false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<KmsKey>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken)
    {
        var found = new List<Observed<KmsKey>>();
        foreach (var account in context.ManagedAccounts)
        {
            var kms = await ClientAsync(account, null, cancellationToken);
            await AwsErrors.Guard("Listing KMS keys", async () =>
            {
                foreach (var key in await LiveCustomerKeysAsync(kms, cancellationToken))
                {
                    var tags = await TagsAsync(kms, key.KeyId, cancellationToken);
                    if (!PikselTags.AreManaged(tags, environment))
                    {
                        continue;
                    }

                    var stub = new KmsKey
                    {
                        Name = tags.GetValueOrDefault(HiddenTags.ResourceName, key.KeyId),
                        Account = account,
                        Alias = "",
                        KeyPolicy = new PolicyDocument { Statements = [] },
                    };
                    if (isKnown(stub.Id))
                    {
                        // In the spec: the planner does not need its state (the id depends on the name only).
                        continue;
                    }

                    var aliases = await kms.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId }, cancellationToken);
                    stub = stub with { Alias = aliases.Aliases?.FirstOrDefault()?.AliasName ?? "" };
                    found.Add(await ObserveAsync(kms, stub, key, cancellationToken));
                }
            });
        }

        return found;
    }

    private Task<AmazonKeyManagementServiceClient> ClientAsync(string account, string? region, CancellationToken cancellationToken) =>
        context.SdkClientAsync<AmazonKeyManagementServiceClient, AmazonKeyManagementServiceConfig>(this, account, region, (credentials, config) => new AmazonKeyManagementServiceClient(credentials, config), cancellationToken);

    private static Dictionary<string, string> WithName(KmsKey desired) =>
        new(desired.Tags, StringComparer.Ordinal) { [HiddenTags.ResourceName] = desired.Name };

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
            if ((await TagsAsync(kms, key.KeyId, cancellationToken)).GetValueOrDefault(HiddenTags.ResourceName) == name)
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
        tags.Remove(HiddenTags.ResourceName);
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
