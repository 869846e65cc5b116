using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using S3Bucket = Piksel.Platform.Spec.Aws.S3Bucket;
using S3Encryption = Piksel.Platform.Spec.Aws.S3Encryption;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>Reads a bucket's configuration back as a <see cref="S3Bucket"/> record, absent sub-configurations as S3's defaults.</summary>
internal static class S3BucketReader
{
    /// <summary>The bucket <paramref name="desired"/> names as S3 has it, or null when it does not exist.</summary>
    public static async Task<Observed<S3Bucket>?> ReadAsync(AmazonS3Client s3, S3Bucket desired, CancellationToken cancellationToken)
    {
        var bucket = desired.Name;
        try
        {
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            return null;
        }

        // The sub-configurations are independent reads: in flight together, a bucket costs one round trip more, not six.
        var policyRead = Optional(() => s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, cancellationToken), "NoSuchBucketPolicy");
        var blockRead = Optional(() => s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, cancellationToken), "NoSuchPublicAccessBlockConfiguration");
        var corsRead = Optional(() => s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = bucket }, cancellationToken), "NoSuchCORSConfiguration");
        var lifecycleRead = Optional(() => s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket }, cancellationToken), "NoSuchLifecycleConfiguration");
        var encryptionRead = Optional(() => s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, cancellationToken), "ServerSideEncryptionConfigurationNotFoundError");
        var tagsRead = TagsAsync(s3, bucket, cancellationToken);
        await Task.WhenAll(policyRead, blockRead, corsRead, lifecycleRead, encryptionRead, tagsRead);
        var (policy, block, cors, lifecycle, encryption) = (await policyRead, await blockRead, await corsRead, await lifecycleRead, await encryptionRead);
        var pab = block?.PublicAccessBlockConfiguration;
        var sse = encryption?.ServerSideEncryptionConfiguration?.ServerSideEncryptionRules?.FirstOrDefault()?.ServerSideEncryptionByDefault;
        var state = desired with
        {
            // AWSSDK.S3 hands a 404 NoSuchBucketPolicy back as a response whose Policy is the error XML; only JSON is a policy.
            Policy = policy?.Policy?.TrimStart().StartsWith('{') == true ? PolicyDocument.Parse(policy.Policy) : null,
            BlockPublicAccess = pab is null
                ? S3BlockPublicAccess.None
                : new S3BlockPublicAccess(pab.BlockPublicAcls == true, pab.IgnorePublicAcls == true, pab.BlockPublicPolicy == true, pab.RestrictPublicBuckets == true),
            Cors = (cors?.Configuration?.Rules ?? []).Select(r => new S3CorsRule(
                r.AllowedMethods ?? [], r.AllowedOrigins ?? [], r.AllowedHeaders ?? [], r.MaxAgeSeconds ?? 0)).ToList(),
            Lifecycle = (lifecycle?.Configuration?.Rules ?? []).Select(r => new S3LifecycleRule(
                r.Id, r.Expiration?.Days, r.AbortIncompleteMultipartUpload?.DaysAfterInitiation)).ToList(),
            Encryption = sse is null
                ? S3Encryption.S3Managed
                : new S3Encryption(sse.ServerSideEncryptionAlgorithm?.Value ?? "AES256", string.IsNullOrEmpty(sse.ServerSideEncryptionKeyManagementServiceKeyId) ? null : sse.ServerSideEncryptionKeyManagementServiceKeyId),
            Tags = await tagsRead,
        };
        return new Observed<S3Bucket>(state, new Dictionary<string, string> { [AwsResource.ArnOutput] = $"arn:aws:s3:::{bucket}" });
    }

    /// <summary>The bucket's tags (none when it has no tag set).</summary>
    public static async Task<Dictionary<string, string>> TagsAsync(AmazonS3Client s3, string bucket, CancellationToken cancellationToken)
    {
        var tagging = await Optional(() => s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, cancellationToken), "NoSuchTagSet");
        return (tagging?.TagSet ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    /// <summary>The answer, or null when S3 says the sub-configuration does not exist.</summary>
    private static async Task<T?> Optional<T>(Func<Task<T>> call, string absentCode)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == absentCode)
        {
            return null;
        }
    }
}
