using System.Text;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>
/// S3's error paths, signed and anonymous: keys and bucket names with control characters (an anonymous one once
/// answered 500 with an empty body), request documents that are not XML, carry a DTD or break S3's schema, bad
/// numbers, tokens, digests and aws-chunked framing, all answered with S3's Error document (no body on HEAD).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class S3ErrorPathTests(EmulatorFixture fixture)
{
    private const string Bucket = "{bucket}";

    private static ErrorPathCase Signed(string method, string path, string? body = null, string? code = null, int? status = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        new(new RawRequest { Method = method, PathAndQuery = path, Body = body is null ? [] : Encoding.UTF8.GetBytes(body), Headers = headers ?? new Dictionary<string, string>() },
            "s3", code, status);

    private static ErrorPathCase Anonymous(string method, string path, string? code = null, int? status = null) =>
        new(new RawRequest { Method = method, PathAndQuery = path }, null, code, status);

    private static Dictionary<string, string> Chunked(string sha = "STREAMING-UNSIGNED-PAYLOAD-TRAILER") => new()
    {
        ["x-amz-content-sha256"] = sha,
        ["Content-Encoding"] = "aws-chunked",
        ["x-amz-decoded-content-length"] = "5",
    };

    private static readonly Dictionary<string, ErrorPathCase> Table = new()
    {
        ["anonymous GET of a key with a control character"] = Anonymous("GET", $"/{Bucket}/a%01b", "AccessDenied", 403),
        ["anonymous GET in a bucket name with a control character"] = Anonymous("GET", "/no%01such/key", null, null),
        ["anonymous HEAD of a key with a control character"] = Anonymous("HEAD", $"/{Bucket}/%02", null, 403),
        ["signed GET of a missing key with control characters"] = Signed("GET", $"/{Bucket}/a%01%1Fb", null, "NoSuchKey", 404),
        ["signed GET of a missing key with a lone surrogate's bytes"] = Signed("GET", $"/{Bucket}/a%ED%A0%80", null, "NoSuchKey", 404),
        ["CreateBucket with a document that is not XML"] = Signed("PUT", "/errpath-notxml", "<CreateBucketConfiguration><LocationConstraint>", "MalformedXML", 400),
        ["CreateBucket with a DTD"] = Signed("PUT", "/errpath-dtd", "<!DOCTYPE x [<!ENTITY a 'aaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]><CreateBucketConfiguration><LocationConstraint>&b;</LocationConstraint></CreateBucketConfiguration>", "MalformedXML", 400),
        ["CreateBucket with a control character reference"] = Signed("PUT", "/errpath-charref", "<CreateBucketConfiguration><LocationConstraint>&#x1;</LocationConstraint></CreateBucketConfiguration>", "MalformedXML", 400),
        ["CreateBucket with a control character in the name"] = Signed("PUT", "/bad%01name", null, null, 400),
        ["DeleteObjects with a document that is not XML"] = Signed("POST", $"/{Bucket}?delete", "not xml", "MalformedXML", 400),
        ["DeleteObjects with a deep document"] = Signed("POST", $"/{Bucket}?delete", string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000)), "MalformedXML", 400),
        ["DeleteObjects with a key of a control character reference"] = Signed("POST", $"/{Bucket}?delete", "<Delete><Object><Key>&#x1;</Key></Object></Delete>", "MalformedXML", 400),
        ["DeleteObjects with too many keys"] = Signed("POST", $"/{Bucket}?delete", "<Delete>" + string.Concat(Enumerable.Range(0, 1001).Select(i => $"<Object><Key>k{i}</Key></Object>")) + "</Delete>", "MalformedXML", 400),
        ["PutBucketTagging with a document that is not XML"] = Signed("PUT", $"/{Bucket}?tagging", "<Tagging><TagSet>", "MalformedXML", 400),
        ["PutBucketTagging with a control character reference"] = Signed("PUT", $"/{Bucket}?tagging", "<Tagging><TagSet><Tag><Key>&#x2;</Key><Value>v</Value></Tag></TagSet></Tagging>", "MalformedXML", 400),
        ["PutObjectTagging with no TagSet"] = Signed("PUT", $"/{Bucket}/k?tagging", "<Tagging/>", null, 400),
        ["PutBucketCors with a bad document"] = Signed("PUT", $"/{Bucket}?cors", "<CORSConfiguration><CORSRule><MaxAgeSeconds>abc</MaxAgeSeconds></CORSRule></CORSConfiguration>", null, 400),
        ["PutBucketLifecycle with a bad number"] = Signed("PUT", $"/{Bucket}?lifecycle", "<LifecycleConfiguration><Rule><ID>r</ID><Status>Enabled</Status><Filter/><Expiration><Days>99999999999</Days></Expiration></Rule></LifecycleConfiguration>", null, 400),
        ["PutBucketAcl with a bad document"] = Signed("PUT", $"/{Bucket}?acl", "<AccessControlPolicy><AccessControlList><Grant><Permission>\u00e9</Permission></Grant></AccessControlList></AccessControlPolicy>", null, 400),
        ["PutBucketPolicy with a lone surrogate"] = Signed("PUT", $"/{Bucket}?policy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"\ud800","Resource":"*"}]}""", "MalformedPolicy", 400),
        ["PutBucketPolicy nested too deep"] = Signed("PUT", $"/{Bucket}?policy", new string('[', 100) + new string(']', 100), "MalformedPolicy", 400),
        ["PutObject with a Content-MD5 of garbage"] = Signed("PUT", $"/{Bucket}/k", "body", "InvalidDigest", 400, new Dictionary<string, string> { ["Content-MD5"] = "%%" }),
        ["PutObject with a checksum of garbage"] = Signed("PUT", $"/{Bucket}/k", "body", "InvalidRequest", 400, new Dictionary<string, string> { ["x-amz-checksum-crc32"] = "%%" }),
        ["aws-chunked with a chunk size past the end of 32 bits"] = Signed("PUT", $"/{Bucket}/k", "7fffffff\r\nhello\r\n0\r\n\r\n", null, 400, Chunked()),
        ["aws-chunked with a negative chunk size"] = Signed("PUT", $"/{Bucket}/k", "-5\r\nhello\r\n0\r\n\r\n", null, 400, Chunked()),
        ["aws-chunked with a 64-bit chunk size"] = Signed("PUT", $"/{Bucket}/k", "ffffffffffff\r\nhello\r\n0\r\n\r\n", null, 400, Chunked()),
        ["aws-chunked cut short"] = Signed("PUT", $"/{Bucket}/k", "5\r\nhel", "IncompleteBody", 400, Chunked()),
        ["aws-chunked with a trailer without a colon"] = Signed("PUT", $"/{Bucket}/k", "5\r\nhello\r\n0\r\nx-amz-checksum-crc32\r\n\r\n", null, 400, Chunked()),
        ["aws-chunked signed without chunk signatures"] = Signed("PUT", $"/{Bucket}/k", "5\r\nhello\r\n0\r\n\r\n", "SignatureDoesNotMatch", 403, Chunked("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")),
        ["max-keys not a number"] = Signed("GET", $"/{Bucket}?list-type=2&max-keys=abc", null, "InvalidArgument", 400),
        ["max-keys beyond 32 bits"] = Signed("GET", $"/{Bucket}?list-type=2&max-keys=99999999999", null, null, 400),
        ["continuation-token of garbage"] = Signed("GET", $"/{Bucket}?list-type=2&continuation-token=%01", null, "InvalidArgument", 400),
        ["encoding-type unknown"] = Signed("GET", $"/{Bucket}?list-type=2&encoding-type=%01", null, "InvalidArgument", 400),
        ["partNumber not a number"] = Signed("PUT", $"/{Bucket}/k?uploadId=nope&partNumber=abc", "x", null, null),
        ["partNumber beyond 32 bits"] = Signed("PUT", $"/{Bucket}/k?uploadId=nope&partNumber=99999999999", "x", null, null),
        ["CompleteMultipartUpload with a bad document"] = Signed("POST", $"/{Bucket}/k?uploadId=nope", "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>", null, null),
        ["copy source of garbage"] = Signed("PUT", $"/{Bucket}/k", null, null, 400, new Dictionary<string, string> { ["x-amz-copy-source"] = "%01" }),
        ["copy source range of garbage"] = Signed("PUT", $"/{Bucket}/k?uploadId=nope&partNumber=1", null, null, null,
            new Dictionary<string, string> { ["x-amz-copy-source"] = "/b/k", ["x-amz-copy-source-range"] = "bytes=99999999999999999999-1" }),
        ["Range beyond 64 bits"] = Signed("GET", $"/{Bucket}/missing", null, "NoSuchKey", 404, new Dictionary<string, string> { ["Range"] = "bytes=99999999999999999999999-" }),
        ["method S3 does not take"] = Signed("PATCH", $"/{Bucket}", null, "MethodNotAllowed", 405),
    };

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name)
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("errpath");
        await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.RestXml, path => path.Replace(Bucket, bucket, StringComparison.Ordinal));
    }
}
