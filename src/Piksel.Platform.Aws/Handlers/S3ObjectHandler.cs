using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using S3Object = Piksel.Platform.Spec.Aws.S3Object;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// Small S3 objects (sample data): body, content type and tags, read back whole so an edited object shows as drift.
/// <c>ListManaged</c> looks only inside buckets that carry the environment's tags. Output: <c>arn</c>.
/// </summary>
public sealed class S3ObjectHandler(AwsHandlerContext context) : IResourceHandler<S3Object>
{
    /// <inheritdoc />
    public async Task<Observed<S3Object>?> ReadAsync(S3Object desired, CancellationToken cancellationToken)
    {
        if (OutputRef.HasTokens(desired.Bucket))
        {
            return null;
        }

        var s3 = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Reading object {desired.Name}", () => ReadObjectAsync(s3, desired, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(S3Object desired, Observed<S3Object>? actual, CancellationToken cancellationToken)
    {
        var s3 = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Applying object {desired.Name}", async () =>
        {
            // PutObject replaces body, metadata and tags at once, so create and update are the same call.
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = desired.Bucket,
                Key = desired.ObjectKey,
                ContentBody = desired.Content,
                ContentType = desired.ContentType,
                TagSet = desired.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
            }, cancellationToken);
            return Outputs(desired.Bucket, desired.ObjectKey);
        });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<S3Object> actual, CancellationToken cancellationToken)
    {
        var s3 = await ClientAsync(actual.State.Account, actual.State.Region, cancellationToken);
        await AwsErrors.Guard($"Deleting object {actual.State.Name}", async () =>
        {
            try
            {
                await s3.DeleteObjectAsync(actual.State.Bucket, actual.State.ObjectKey, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
            {
                // The bucket went first; the object with it.
            }
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<S3Object>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, _ => false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<S3Object>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken)
    {
        var found = new List<Observed<S3Object>>();
        foreach (var account in context.ManagedAccounts)
        {
            var s3 = await ClientAsync(account, null, cancellationToken);
            await AwsErrors.Guard("Listing objects", async () =>
            {
                foreach (var bucket in (await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken)).Buckets ?? [])
                {
                    if (!PikselTags.AreManaged(await BucketTagsAsync(s3, bucket.BucketName, cancellationToken), environment))
                    {
                        continue;
                    }

                    ListObjectsV2Response page;
                    var request = new ListObjectsV2Request { BucketName = bucket.BucketName };
                    do
                    {
                        page = await s3.ListObjectsV2Async(request, cancellationToken);
                        foreach (var item in page.S3Objects ?? [])
                        {
                            var stub = new S3Object { Name = $"{bucket.BucketName}/{item.Key}", Account = account, Bucket = bucket.BucketName, ObjectKey = item.Key, Content = "" };
                            if (!isKnown(stub.Id) && await ReadObjectAsync(s3, stub, cancellationToken) is { } observed && PikselTags.AreManaged(observed.State.Tags, environment))
                            {
                                found.Add(observed);
                            }
                        }

                        request.ContinuationToken = page.NextContinuationToken;
                    }
                    while (page.IsTruncated == true);
                }
            });
        }

        return found;
    }

    private Task<AmazonS3Client> ClientAsync(string account, string? region, CancellationToken cancellationToken) =>
        context.SdkClientAsync<AmazonS3Client, AmazonS3Config>(this, account, region, (credentials, config) => new AmazonS3Client(credentials, config), cancellationToken);

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
