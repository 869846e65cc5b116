using System.Net;
using System.Text;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.S3;
using Piksel.Emulator.Aws.State;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using StoredObject = Piksel.Emulator.Aws.S3.S3Object;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>
/// A read that races an overwrite of the same key answers one version or the other, never 500: the fuzzer found a
/// CopyObject of a key onto itself failing while a PutObject replaced that key, because the body it had looked up was
/// already removed. A body is now opened first and, when it is gone, the key looked up again.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class OverwriteRaceTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_body_replaced_after_the_lookup_is_read_from_the_newer_version()
    {
        using var state = StateStore.InMemory();
        var store = new S3Store(state, new BlobStore(state));
        var first = await StoreAsync(store, "first");
        var lookedUp = store.FindObject("b", "k")!;
        Assert.Equal(first.BlobId, lookedUp.BlobId);
        await StoreAsync(store, "second");

        var (current, data) = (await store.ReadCurrentAsync(lookedUp, Ct))!.Value;
        Assert.Equal("second", Encoding.UTF8.GetString(data));
        Assert.NotEqual(first.BlobId, current.BlobId);

        store.RemoveObject("b", "k");
        Assert.Null(store.OpenCurrent(lookedUp));
    }

    [Fact]
    public async Task Reads_copies_and_overwrites_of_one_key_never_fail()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("race");
        await s3.PutTextAsync(bucket, "k", "v0");
        var failures = new List<string>();
        await Parallel.ForAsync(0, 120, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (i, ct) =>
        {
            try
            {
                switch (i % 3)
                {
                    case 0:
                        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = $"v{i}" }, ct);
                        break;
                    case 1:
                        using (var got = await s3.GetObjectAsync(bucket, "k", ct)) await got.ResponseStream.CopyToAsync(Stream.Null, ct);
                        break;
                    default:
                        await s3.CopyObjectAsync(new CopyObjectRequest
                        {
                            SourceBucket = bucket,
                            SourceKey = "k",
                            DestinationBucket = bucket,
                            DestinationKey = "k",
                            MetadataDirective = Amazon.S3.S3MetadataDirective.REPLACE,
                        }, ct);
                        break;
                }
            }
            catch (Amazon.S3.AmazonS3Exception e) when (e.StatusCode >= HttpStatusCode.InternalServerError)
            {
                lock (failures) failures.Add($"{i % 3}: {e.StatusCode} {e.ErrorCode}");
            }
        });
        Assert.Empty(failures);
    }

    private static async Task<StoredObject> StoreAsync(S3Store store, string text)
    {
        var obj = new StoredObject
        {
            Bucket = "b",
            Key = "k",
            BlobId = await store.Blobs.WriteAsync(Encoding.UTF8.GetBytes(text), Ct),
            Size = text.Length,
            ETag = "\"e\"",
            LastModified = DateTimeOffset.UnixEpoch,
        };
        store.StoreObject(obj);
        return obj;
    }
}
