using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using S3Bucket = Piksel.Platform.Spec.Aws.S3Bucket;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// S3 buckets: policy, Block Public Access, CORS, lifecycle, default encryption, tags. Read reports each
/// sub-configuration as S3 has it (absent ones as S3's defaults: no policy, nothing blocked, no rules), with the policy
/// canonicalised. Delete empties the bucket first (destroy removes the environment's data with it). Output: <c>arn</c>.
/// </summary>
public sealed partial class S3BucketHandler(AwsHandlerContext context) : IResourceHandler<S3Bucket>
{
    /// <inheritdoc />
    public async Task<Observed<S3Bucket>?> ReadAsync(S3Bucket desired, CancellationToken cancellationToken)
    {
        var s3 = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Reading bucket {desired.Name}", () => ReadBucketAsync(s3, desired, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(S3Bucket desired, Observed<S3Bucket>? actual, CancellationToken cancellationToken)
    {
        var s3 = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Applying bucket {desired.Name}", async () =>
        {
            var current = await ReadBucketAsync(s3, desired, cancellationToken);
            if (current is null)
            {
                try
                {
                    await s3.PutBucketAsync(new PutBucketRequest { BucketName = desired.Name, BucketRegionName = desired.Region ?? context.Access.Region }, cancellationToken);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
                {
                    // Created by an earlier attempt.
                }

                current = await ReadBucketAsync(s3, desired, cancellationToken)
                    ?? throw new RetryableResourceException($"Bucket {desired.Name} not yet visible after creation.");
            }

            await ConvergeAsync(s3, desired, current.State, cancellationToken);
            return current.Outputs;
        });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<S3Bucket> actual, CancellationToken cancellationToken)
    {
        var bucket = actual.State.Name;
        var s3 = await ClientAsync(actual.State.Account, actual.State.Region, cancellationToken);
        await AwsErrors.Guard($"Deleting bucket {bucket}", async () =>
        {
            try
            {
                ListObjectsV2Response page;
                do
                {
                    page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken);
                    foreach (var item in page.S3Objects ?? [])
                    {
                        await s3.DeleteObjectAsync(bucket, item.Key, cancellationToken);
                    }
                }
                while (page.IsTruncated == true);

                await s3.DeleteBucketAsync(bucket, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
            {
                // Already gone.
            }
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<S3Bucket>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, _ => false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<S3Bucket>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken)
    {
        var found = new List<Observed<S3Bucket>>();
        foreach (var account in context.ManagedAccounts)
        {
            var s3 = await ClientAsync(account, null, cancellationToken);
            await AwsErrors.Guard("Listing buckets", async () =>
            {
                var buckets = await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken);
                foreach (var bucket in buckets.Buckets ?? [])
                {
                    var tags = await TagsAsync(s3, bucket.BucketName, cancellationToken);
                    var stub = new S3Bucket { Name = bucket.BucketName, Account = account };
                    if (PikselTags.AreManaged(tags, environment) && !isKnown(stub.Id)
                        && await ReadBucketAsync(s3, stub, cancellationToken) is { } observed)
                    {
                        found.Add(observed);
                    }
                }
            });
        }

        return found;
    }

    private Task<AmazonS3Client> ClientAsync(string account, string? region, CancellationToken cancellationToken) =>
        context.SdkClientAsync<AmazonS3Client, AmazonS3Config>(this, account, region, (credentials, config) => new AmazonS3Client(credentials, config), cancellationToken);

    private static async Task ConvergeAsync(AmazonS3Client s3, S3Bucket desired, S3Bucket current, CancellationToken cancellationToken)
    {
        var bucket = desired.Name;

        // Block Public Access first: a public-read policy is refused while BlockPublicPolicy is on.
        if (current.BlockPublicAccess != desired.BlockPublicAccess)
        {
            var b = desired.BlockPublicAccess;
            await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
            {
                BucketName = bucket,
                PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                {
                    BlockPublicAcls = b.BlockPublicAcls,
                    IgnorePublicAcls = b.IgnorePublicAcls,
                    BlockPublicPolicy = b.BlockPublicPolicy,
                    RestrictPublicBuckets = b.RestrictPublicBuckets,
                },
            }, cancellationToken);
        }

        if (!current.Cors.SequenceEqual(desired.Cors, CorsComparer.Instance))
        {
            if (desired.Cors.Count > 0)
            {
                await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = bucket, Configuration = ToSdk(desired.Cors) }, cancellationToken);
            }
            else
            {
                await s3.DeleteCORSConfigurationAsync(new DeleteCORSConfigurationRequest { BucketName = bucket }, cancellationToken);
            }
        }

        if (!current.Lifecycle.SequenceEqual(desired.Lifecycle))
        {
            if (desired.Lifecycle.Count > 0)
            {
                await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = ToSdk(desired.Lifecycle) }, cancellationToken);
            }
            else
            {
                await s3.DeleteLifecycleConfigurationAsync(new DeleteLifecycleConfigurationRequest { BucketName = bucket }, cancellationToken);
            }
        }

        if (current.Encryption != desired.Encryption)
        {
            await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules =
                    [
                        new ServerSideEncryptionRule
                        {
                            ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                            {
                                ServerSideEncryptionAlgorithm = new ServerSideEncryptionMethod(desired.Encryption.Algorithm),
                                ServerSideEncryptionKeyManagementServiceKeyId = desired.Encryption.KmsKeyArn,
                            },
                        },
                    ],
                },
            }, cancellationToken);
        }

        if (!TagsEqual(current.Tags, desired.Tags))
        {
            // S3 replaces the whole tag set.
            await s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
            {
                BucketName = bucket,
                TagSet = desired.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
            }, cancellationToken);
        }

        // The policy last: a policy that denies the caller (e.g. non-TLS access) would block the other settings.
        if (current.Policy?.ToJson() != desired.Policy?.ToJson())
        {
            if (desired.Policy is { } policy)
            {
                await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = policy.ToJson() }, cancellationToken);
            }
            else
            {
                await s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket }, cancellationToken);
            }
        }
    }

    private static bool TagsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(t => b.TryGetValue(t.Key, out var v) && v == t.Value);
}
