using System.Runtime.CompilerServices;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using S3Object = Piksel.Platform.Spec.Aws.S3Object;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// Small S3 objects (sample data): body, content type and tags, read back whole so an edited object shows as drift.
/// <c>ListManaged</c> looks only inside buckets that carry the environment's tags. Output: <c>arn</c>.
/// </summary>
public sealed class S3ObjectHandler(AwsHandlerContext context) : AwsResourceHandler<S3Object, AmazonS3Client>(context)
{
    /// <inheritdoc />
    protected override string Noun => "object";

    /// <inheritdoc />
    protected override AmazonS3Client CreateClient(AwsClientOptions options) =>
        new(options.ResolveCredentials(), SdkConfig<AmazonS3Config>(options));

    /// <inheritdoc />
    /// <remarks>An object in a bucket not created yet cannot exist.</remarks>
    protected override bool CanExist(S3Object desired) => !OutputRef.HasTokens(desired.Bucket);

    /// <inheritdoc />
    protected override Task<Observed<S3Object>?> ReadAsync(AmazonS3Client client, S3Object desired, CancellationToken cancellationToken) =>
        ReadObjectAsync(client, desired, cancellationToken);

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonS3Client client, S3Object desired, CancellationToken cancellationToken)
    {
        // PutObject replaces body, metadata and tags at once, so create and update are the same call.
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = desired.Bucket,
            Key = desired.ObjectKey,
            ContentBody = desired.Content,
            ContentType = desired.ContentType,
            TagSet = desired.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        }, cancellationToken);
        return Outputs(desired.Bucket, desired.ObjectKey);
    }

    /// <inheritdoc />
    /// <remarks>A bucket that went first took the object with it.</remarks>
    protected override Task DeleteAsync(AmazonS3Client client, Observed<S3Object> actual, CancellationToken cancellationToken) =>
        IgnoringAbsentAsync(() => client.DeleteObjectAsync(actual.State.Bucket, actual.State.ObjectKey, cancellationToken), "NoSuchBucket");

    /// <inheritdoc />
    /// <remarks>Looks only inside the environment's buckets; each object is listed with its bucket's tags and kept when its own are the environment's too.</remarks>
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonS3Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var bucket in (await client.ListBucketsAsync(new ListBucketsRequest(), cancellationToken)).Buckets ?? [])
        {
            var bucketTags = await BucketTagsAsync(client, bucket.BucketName, cancellationToken);
            if (!ManagementTags.AreManaged(bucketTags, environment))
            {
                continue;
            }

            ListObjectsV2Response page;
            var request = new ListObjectsV2Request { BucketName = bucket.BucketName };
            do
            {
                page = await client.ListObjectsV2Async(request, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    var stub = new S3Object { Name = $"{bucket.BucketName}/{item.Key}", Account = account, Bucket = bucket.BucketName, ObjectKey = item.Key, Content = "" };
                    yield return new Listed(stub, bucketTags, () => ReadObjectAsync(client, stub, cancellationToken));
                }

                request.ContinuationToken = page.NextContinuationToken;
            }
            while (page.IsTruncated == true);
        }
    }

    private static Dictionary<string, string> Outputs(string bucket, string key) => new() { [AwsResource.ArnOutput] = $"arn:aws:s3:::{bucket}/{key}" };

    private static async Task<Dictionary<string, string>> BucketTagsAsync(AmazonS3Client s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            var tagging = await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, cancellationToken);
            return (tagging.TagSet ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchTagSet" or "NoSuchBucket")
        {
            return [];
        }
    }

    private static async Task<Observed<S3Object>?> ReadObjectAsync(AmazonS3Client s3, S3Object desired, CancellationToken cancellationToken)
    {
        string content;
        string contentType;
        try
        {
            using var response = await s3.GetObjectAsync(desired.Bucket, desired.ObjectKey, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            content = await reader.ReadToEndAsync(cancellationToken);
            contentType = response.Headers.ContentType;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchKey" or "NoSuchBucket")
        {
            return null;
        }

        var tagging = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = desired.Bucket, Key = desired.ObjectKey }, cancellationToken);
        var state = desired with
        {
            Content = content,
            ContentType = contentType,
            Tags = (tagging.Tagging ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
        return new Observed<S3Object>(state, Outputs(desired.Bucket, desired.ObjectKey));
    }
}
