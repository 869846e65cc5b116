using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Spec.Aws;
using S3Bucket = Piksel.Platform.Spec.Aws.S3Bucket;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>Changes a bucket's sub-configurations to the desired ones, in the SDK's shapes.</summary>
internal static class S3BucketConverger
{
    /// <summary>Brings the bucket from <paramref name="current"/> to <paramref name="desired"/>, in the order S3 accepts the changes.</summary>
    public static async Task ConvergeAsync(AmazonS3Client s3, S3Bucket desired, S3Bucket current, CancellationToken cancellationToken)
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

    private static CORSConfiguration ToSdk(IReadOnlyList<S3CorsRule> rules) => new()
    {
        Rules = rules.Select(r => new CORSRule
        {
            AllowedMethods = r.AllowedMethods.ToList(),
            AllowedOrigins = r.AllowedOrigins.ToList(),
            AllowedHeaders = r.AllowedHeaders.ToList(),
            MaxAgeSeconds = r.MaxAgeSeconds,
        }).ToList(),
    };

    private static LifecycleConfiguration ToSdk(IReadOnlyList<S3LifecycleRule> rules) => new()
    {
        Rules = rules.Select(r => new LifecycleRule
        {
            Id = r.Id,
            Status = LifecycleRuleStatus.Enabled,
            Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "" } },
            Expiration = r.ExpirationDays is { } days ? new LifecycleRuleExpiration { Days = days } : null,
            AbortIncompleteMultipartUpload = r.AbortIncompleteMultipartUploadDays is { } abort
                ? new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = abort }
                : null,
        }).ToList(),
    };

    /// <summary>CORS rules compared by content (records of lists compare lists by reference).</summary>
    private sealed class CorsComparer : IEqualityComparer<S3CorsRule>
    {
        public static CorsComparer Instance { get; } = new();

        public bool Equals(S3CorsRule? x, S3CorsRule? y) =>
            x is not null && y is not null && x.MaxAgeSeconds == y.MaxAgeSeconds
            && x.AllowedMethods.SequenceEqual(y.AllowedMethods) && x.AllowedOrigins.SequenceEqual(y.AllowedOrigins)
            && x.AllowedHeaders.SequenceEqual(y.AllowedHeaders);

        public int GetHashCode(S3CorsRule obj) => obj.MaxAgeSeconds;
    }
}
