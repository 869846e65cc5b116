using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

[Collection(EmulatorCollection.Name)]
public sealed class PresignedUrlTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Presigned_GET_works_and_an_expired_one_does_not()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("presign");
        await s3.PutTextAsync(bucket, "doc.txt", "presigned body");
        using var http = new HttpClient();

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Amazon.S3.Protocol.HTTP,
        });
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        Assert.Equal("presigned body", await http.GetStringAsync(new Uri(url), Ct));

        var tampered = url.Replace("doc.txt", "doc.txt2", StringComparison.Ordinal);
        using var forged = await http.GetAsync(new Uri(tampered), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        var shortLived = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddSeconds(1),
            Protocol = Amazon.S3.Protocol.HTTP,
        });
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);
        using var expired = await http.GetAsync(new Uri(shortLived), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        var body = await expired.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Contains("Request has expired", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presigned_PUT_uploads_an_object()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("presign-put");
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "upload.txt",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Amazon.S3.Protocol.HTTP,
        });
        using var http = new HttpClient();
        using var response = await http.PutAsync(new Uri(url), new StringContent("uploaded"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("uploaded", await s3.GetTextAsync(bucket, "upload.txt"));
    }
}
