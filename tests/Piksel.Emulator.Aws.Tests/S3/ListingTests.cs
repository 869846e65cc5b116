using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

[Collection(EmulatorCollection.Name)]
public sealed class ListingTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> SeedAsync(IAmazonS3 s3, string prefix, IEnumerable<string> keys)
    {
        var bucket = await s3.NewBucketAsync(prefix);
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (key, _) => await s3.PutTextAsync(bucket, key, key));
        return bucket;
    }

    [Fact]
    public async Task ListObjectsV2_pages_250_keys_by_100_with_continuation_tokens()
    {
        using var s3 = fixture.S3();
        var keys = Enumerable.Range(0, 250).Select(i => $"item-{i:D4}").ToList();
        var bucket = await SeedAsync(s3, "list-pages", keys);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 100, ContinuationToken = token }, Ct);
            pages++;
            seen.AddRange(page.S3Objects.Select(o => o.Key));
            Assert.Equal(page.S3Objects.Count, page.KeyCount);
            Assert.Equal(pages < 3, page.IsTruncated);
            token = page.NextContinuationToken;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(keys, seen);

        var after = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "item-0247" }, Ct);
        Assert.Equal(["item-0248", "item-0249"], after.S3Objects.Select(o => o.Key).ToArray());
    }

    [Fact]
    public async Task Delimiter_rolls_keys_up_into_CommonPrefixes_that_page_too()
    {
        using var s3 = fixture.S3();
        string[] keys = ["a/1", "a/2", "b/1", "c", "d/x/1", "d/y/1", "e"];
        var bucket = await SeedAsync(s3, "list-delim", keys);
        var top = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" }, Ct);
        Assert.Equal(["a/", "b/", "d/"], top.CommonPrefixes.ToArray());
        Assert.Equal(["c", "e"], top.S3Objects.Select(o => o.Key).ToArray());
        Assert.Equal(5, top.KeyCount);

        var nested = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "d/", Delimiter = "/" }, Ct);
        Assert.Equal(["d/x/", "d/y/"], nested.CommonPrefixes.ToArray());
        Assert.True(nested.S3Objects is null || nested.S3Objects.Count == 0);

        var entries = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 2, ContinuationToken = token }, Ct);
            entries.AddRange(page.CommonPrefixes ?? []);
            entries.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.NextContinuationToken;
        }
        while (token is not null);
        Assert.Equal(["a/", "b/", "c", "d/", "e"], entries.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task ListObjects_v1_pages_with_markers_and_owner()
    {
        using var s3 = fixture.S3();
        var keys = Enumerable.Range(0, 25).Select(i => $"k{i:D2}").ToList();
        var bucket = await SeedAsync(s3, "list-v1", keys);
        var first = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = 10 }, Ct);
        Assert.True(first.IsTruncated);
        Assert.Equal(10, first.S3Objects.Count);
        Assert.NotNull(first.S3Objects[0].Owner);
        var rest = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Marker = first.S3Objects[^1].Key }, Ct);
        Assert.False(rest.IsTruncated);
        Assert.Equal(keys.Skip(10), rest.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Keys_sort_in_UTF8_binary_order_and_encoding_type_url_round_trips()
    {
        using var s3 = fixture.S3();
        // U+FF21 (EF BC A1 in UTF-8) sorts before U+1F600 (F0 9F 98 80) in UTF-8, though not in UTF-16 ordinal order.
        string[] keys = ["\U0001F600", "\uFF21", "Z", "a b", "a+b"];
        var bucket = await SeedAsync(s3, "list-utf8", keys);
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Encoding = EncodingType.Url }, Ct);
        // With encoding-type=url the SDK hands the keys back as S3 sent them: encoded.
        Assert.Equal(["Z", "a%20b", "a%2Bb", "%EF%BC%A1", "%F0%9F%98%80"], listed.S3Objects.Select(o => o.Key).ToArray());
        var plain = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);
        Assert.Equal(["Z", "a b", "a+b", "\uFF21", "\U0001F600"], plain.S3Objects.Select(o => o.Key).ToArray());
    }

    [Fact]
    public async Task Invalid_max_keys_is_InvalidArgument()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("list-bad");
        await S3TestKit.FailsWith("InvalidArgument", () => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = -1 }, Ct));
    }
}
