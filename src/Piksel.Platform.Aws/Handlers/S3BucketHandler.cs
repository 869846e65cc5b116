using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Aws.Http;
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
public sealed class S3BucketHandler(AwsHandlerContext context) : AwsResourceHandler<S3Bucket, AmazonS3Client>(context)
{
    /// <inheritdoc />
    protected override string Noun => "bucket";

    /// <inheritdoc />
    protected override AmazonS3Client CreateClient(AwsClientOptions options) =>
        new(options.ResolveCredentials(), SdkConfig<AmazonS3Config>(options));

    /// <inheritdoc />
    protected override Task<Observed<S3Bucket>?> ReadAsync(AmazonS3Client client, S3Bucket desired, CancellationToken cancellationToken) =>
        S3BucketReader.ReadAsync(client, desired, cancellationToken);

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonS3Client client, S3Bucket desired, CancellationToken cancellationToken)
    {
        var current = await S3BucketReader.ReadAsync(client, desired, cancellationToken)
            ?? await CreateAndReadBackAsync(desired,
                () => client.PutBucketAsync(new PutBucketRequest { BucketName = desired.Name, BucketRegionName = desired.Region ?? Context.Access.Region }, cancellationToken),
                () => S3BucketReader.ReadAsync(client, desired, cancellationToken),
                "BucketAlreadyOwnedByYou");
        await S3BucketConverger.ConvergeAsync(client, desired, current.State, cancellationToken);
        return current.Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(AmazonS3Client client, Observed<S3Bucket> actual, CancellationToken cancellationToken)
    {
        // Emptied first: S3 refuses to delete a bucket that holds objects.
        var bucket = actual.State.Name;
        return IgnoringAbsentAsync(async () =>
        {
            ListObjectsV2Response page;
            do
            {
                page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    await client.DeleteObjectAsync(bucket, item.Key, cancellationToken);
                }
            }
            while (page.IsTruncated == true);

            await client.DeleteBucketAsync(bucket, cancellationToken);
        }, "NoSuchBucket");
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonS3Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buckets = await client.ListBucketsAsync(new ListBucketsRequest(), cancellationToken);
        foreach (var bucket in buckets.Buckets ?? [])
        {
            var tags = await S3BucketReader.TagsAsync(client, bucket.BucketName, cancellationToken);
            var stub = new S3Bucket { Name = bucket.BucketName, Account = account };
            yield return new Listed(stub, tags, () => S3BucketReader.ReadAsync(client, stub, cancellationToken));
        }
    }
}
