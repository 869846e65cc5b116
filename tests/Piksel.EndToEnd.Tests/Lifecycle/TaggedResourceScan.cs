using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.Lifecycle;

/// <summary>
/// Finds everything carrying an environment's tags, through the public APIs with each account's admin credentials:
/// IAM roles and OIDC providers, Secrets Manager secrets (including those scheduled for deletion), KMS keys, S3
/// buckets, EKS clusters and the EC2 network (every EC2 resource type, by DescribeTags). What a destroy must leave
/// nothing of.
/// </summary>
internal static class TaggedResourceScan
{
    public static async Task<IReadOnlyList<TaggedResource>> ScanAsync(
        IPlatformProvider provider, string environment, IReadOnlyList<string> accounts, IReadOnlyList<string> regions, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        foreach (var account in accounts)
        {
            found.AddRange(await IamAsync(provider, environment, account, ct));
            found.AddRange(await BucketsAsync(provider, environment, account, ct));
            foreach (var region in regions)
            {
                found.AddRange(await SecretsAsync(provider, environment, account, region, ct));
                found.AddRange(await KeysAsync(provider, environment, account, region, ct));
                found.AddRange(await ClustersAsync(provider, environment, account, region, ct));
                found.AddRange(await Ec2Async(provider, environment, account, region, ct));
            }
        }

        return found;
    }

    private static bool Managed(IEnumerable<KeyValuePair<string, string>> tags, string environment) =>
        ManagementTags.AreManaged(tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), environment);

    private static async Task<List<TaggedResource>> IamAsync(IPlatformProvider provider, string environment, string account, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        using var iam = await provider.IamAsync(account, ct);
        await foreach (var role in iam.ListRolesAsync(cancellationToken: ct))
        {
            // ListRoles leaves tags out, as AWS does.
            if (Managed((await iam.ListRoleTagsAsync(role.RoleName, ct)).Select(t => KeyValuePair.Create(t.Key, t.Value)), environment))
            {
                found.Add(new(account, "IamRole", role.RoleName));
            }
        }

        foreach (var arn in await iam.ListOpenIdConnectProvidersAsync(ct))
        {
            if (Managed((await iam.ListOpenIdConnectProviderTagsAsync(arn, ct)).Select(t => KeyValuePair.Create(t.Key, t.Value)), environment))
            {
                found.Add(new(account, "IamOidcProvider", arn));
            }
        }

        return found;
    }

    private static async Task<List<TaggedResource>> SecretsAsync(IPlatformProvider provider, string environment, string account, string region, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        using var secrets = new SecretsManagerClient(await provider.OptionsAsync(account, ct) with { Region = region });

        // Scheduled-for-deletion secrets count: such a secret still holds its value and its name until the window
        // ends, and RestoreSecret brings it back. The handler deletes with ForceDeleteWithoutRecovery, so none may remain.
        await foreach (var secret in secrets.ListAllSecretsAsync(new ListSecretsRequest { IncludePlannedDeletion = true }, ct))
        {
            if (Managed(secret.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value)), environment))
            {
                found.Add(new(account, "SecretsManagerSecret", secret.Name, secret.DeletedDate is null ? null : "scheduled for deletion"));
            }
        }

        return found;
    }

    private static async Task<List<TaggedResource>> KeysAsync(IPlatformProvider provider, string environment, string account, string region, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        var (credentials, config) = await provider.SdkAsync<AmazonKeyManagementServiceConfig>(account, ct);
        config.AuthenticationRegion = region;
        using var kms = new AmazonKeyManagementServiceClient(credentials, config);
        string? marker = null;
        do
        {
            var page = await kms.ListKeysAsync(new ListKeysRequest { Marker = marker }, ct);
            foreach (var key in page.Keys ?? [])
            {
                var tags = await kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId }, ct);
                if (Managed((tags.Tags ?? []).Select(t => KeyValuePair.Create(t.TagKey, t.TagValue)), environment))
                {
                    var metadata = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }, ct)).KeyMetadata;
                    found.Add(new(account, "KmsKey", key.KeyId, metadata.KeyState.Value));
                }
            }

            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return found;
    }

    private static async Task<List<TaggedResource>> Ec2Async(IPlatformProvider provider, string environment, string account, string region, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        var (credentials, config) = await provider.SdkAsync<Amazon.EC2.AmazonEC2Config>(account, ct);
        config.AuthenticationRegion = region;
        using var ec2 = new Amazon.EC2.AmazonEC2Client(credentials, config);
        var tags = await ec2.DescribeTagsAsync(new Amazon.EC2.Model.DescribeTagsRequest
        {
            Filters = [new() { Name = "key", Values = [ManagementTags.Environment] }, new() { Name = "value", Values = [environment] }],
        }, ct);
        foreach (var tag in tags.Tags ?? [])
        {
            // A deleted NAT gateway stays listed a while (state deleted), as in AWS: it is gone.
            if (tag.ResourceType == Amazon.EC2.ResourceType.Natgateway)
            {
                var nats = await ec2.DescribeNatGatewaysAsync(new Amazon.EC2.Model.DescribeNatGatewaysRequest
                {
                    Filter = [new() { Name = "nat-gateway-id", Values = [tag.ResourceId] }],
                }, ct);
                if (nats.NatGateways?.FirstOrDefault() is not { } nat || nat.State == Amazon.EC2.NatGatewayState.Deleted)
                {
                    continue;
                }
            }

            found.Add(new(account, $"Ec2:{tag.ResourceType?.Value}", tag.ResourceId));
        }

        return found;
    }

    private static async Task<List<TaggedResource>> BucketsAsync(IPlatformProvider provider, string environment, string account, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        var (credentials, config) = await provider.SdkAsync<AmazonS3Config>(account, ct);
        using var s3 = new AmazonS3Client(credentials, config);
        foreach (var bucket in (await s3.ListBucketsAsync(new ListBucketsRequest(), ct)).Buckets ?? [])
        {
            List<Amazon.S3.Model.Tag> tags;
            try
            {
                tags = (await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket.BucketName }, ct)).TagSet ?? [];
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchTagSet")
            {
                tags = [];
            }

            if (Managed(tags.Select(t => KeyValuePair.Create(t.Key, t.Value)), environment))
            {
                found.Add(new(account, "S3Bucket", bucket.BucketName));
            }
        }

        return found;
    }

    private static async Task<List<TaggedResource>> ClustersAsync(IPlatformProvider provider, string environment, string account, string region, CancellationToken ct)
    {
        var found = new List<TaggedResource>();
        using var eks = new EksClient(await provider.OptionsAsync(account, ct) with { Region = region });
        foreach (var name in await eks.ListAllClustersAsync(ct))
        {
            var cluster = await eks.DescribeClusterAsync(name, ct);
            if (Managed(cluster.Tags, environment))
            {
                found.Add(new(account, "EksCluster", name, cluster.Status));
            }
        }

        return found;
    }
}
