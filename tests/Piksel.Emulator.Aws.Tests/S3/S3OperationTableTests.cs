using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.S3;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>
/// S3's operation table: each request shape is routed to S3's own operation name, every operation in the table is
/// reachable by some request, and each declares the IAM action S3 authorizes it with.
/// </summary>
public sealed class S3OperationTableTests
{
    /// <summary>A request per operation: method, path, query and whether it names a copy source.</summary>
    public static TheoryData<string, string, string, bool, string> Requests() => new()
    {
        { "GET", "/", "", false, "ListBuckets" },
        { "PUT", "/b", "", false, "CreateBucket" },
        { "HEAD", "/b", "", false, "HeadBucket" },
        { "DELETE", "/b", "", false, "DeleteBucket" },
        { "GET", "/b", "?location", false, "GetBucketLocation" },
        { "PUT", "/b", "?policy", false, "PutBucketPolicy" },
        { "GET", "/b", "?policy", false, "GetBucketPolicy" },
        { "DELETE", "/b", "?policy", false, "DeleteBucketPolicy" },
        { "GET", "/b", "?policyStatus", false, "GetBucketPolicyStatus" },
        { "PUT", "/b", "?publicAccessBlock", false, "PutPublicAccessBlock" },
        { "GET", "/b", "?publicAccessBlock", false, "GetPublicAccessBlock" },
        { "DELETE", "/b", "?publicAccessBlock", false, "DeletePublicAccessBlock" },
        { "PUT", "/b", "?ownershipControls", false, "PutBucketOwnershipControls" },
        { "GET", "/b", "?ownershipControls", false, "GetBucketOwnershipControls" },
        { "DELETE", "/b", "?ownershipControls", false, "DeleteBucketOwnershipControls" },
        { "PUT", "/b", "?encryption", false, "PutBucketEncryption" },
        { "GET", "/b", "?encryption", false, "GetBucketEncryption" },
        { "DELETE", "/b", "?encryption", false, "DeleteBucketEncryption" },
        { "PUT", "/b", "?requestPayment", false, "PutBucketRequestPayment" },
        { "GET", "/b", "?requestPayment", false, "GetBucketRequestPayment" },
        { "PUT", "/b", "?versioning", false, "PutBucketVersioning" },
        { "GET", "/b", "?versioning", false, "GetBucketVersioning" },
        { "PUT", "/b", "?cors", false, "PutBucketCors" },
        { "GET", "/b", "?cors", false, "GetBucketCors" },
        { "DELETE", "/b", "?cors", false, "DeleteBucketCors" },
        { "OPTIONS", "/b/k", "", false, "OptionsObject" },
        { "PUT", "/b", "?lifecycle", false, "PutBucketLifecycleConfiguration" },
        { "GET", "/b", "?lifecycle", false, "GetBucketLifecycleConfiguration" },
        { "DELETE", "/b", "?lifecycle", false, "DeleteBucketLifecycle" },
        { "PUT", "/b", "?acl", false, "PutBucketAcl" },
        { "GET", "/b", "?acl", false, "GetBucketAcl" },
        { "PUT", "/b/k", "?acl", false, "PutObjectAcl" },
        { "GET", "/b/k", "?acl", false, "GetObjectAcl" },
        { "PUT", "/b", "?tagging", false, "PutBucketTagging" },
        { "GET", "/b", "?tagging", false, "GetBucketTagging" },
        { "DELETE", "/b", "?tagging", false, "DeleteBucketTagging" },
        { "PUT", "/b/k", "?tagging", false, "PutObjectTagging" },
        { "GET", "/b/k", "?tagging", false, "GetObjectTagging" },
        { "DELETE", "/b/k", "?tagging", false, "DeleteObjectTagging" },
        { "GET", "/b", "", false, "ListObjects" },
        { "GET", "/b", "?list-type=2", false, "ListObjectsV2" },
        { "GET", "/b", "?versions", false, "ListObjectVersions" },
        { "PUT", "/b/k", "", false, "PutObject" },
        { "GET", "/b/k", "", false, "GetObject" },
        { "HEAD", "/b/k", "", false, "HeadObject" },
        { "DELETE", "/b/k", "", false, "DeleteObject" },
        { "POST", "/b", "?delete", false, "DeleteObjects" },
        { "PUT", "/b/k", "", true, "CopyObject" },
        { "PUT", "/b/k", "?partNumber=1&uploadId=u", true, "UploadPartCopy" },
        { "POST", "/b/k", "?uploads", false, "CreateMultipartUpload" },
        { "PUT", "/b/k", "?partNumber=1&uploadId=u", false, "UploadPart" },
        { "POST", "/b/k", "?uploadId=u", false, "CompleteMultipartUpload" },
        { "DELETE", "/b/k", "?uploadId=u", false, "AbortMultipartUpload" },
        { "GET", "/b/k", "?uploadId=u", false, "ListParts" },
        { "GET", "/b", "?uploads", false, "ListMultipartUploads" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_request_is_routed_to_its_S3_operation(string method, string path, string query, bool copy, string expected)
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var service = new S3Service(state);
        Assert.Equal(expected, service.Resolve(Context(state, service, method, path, query, copy)).Name);
    }

    [Fact]
    public void Every_operation_in_the_table_is_reachable_by_a_request()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var routed = Requests().Select(row => row.Data.Item5).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(routed.Order(StringComparer.Ordinal), new S3Service(state).Operations.All.Select(o => o.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ListObjectsV2", "s3:ListBucket")]
    [InlineData("ListObjects", "s3:ListBucket")]
    [InlineData("HeadBucket", "s3:ListBucket")]
    [InlineData("HeadObject", "s3:GetObject")]
    [InlineData("PutBucketCors", "s3:PutBucketCORS")]
    [InlineData("DeleteBucketCors", "s3:PutBucketCORS")]
    [InlineData("DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock")]
    [InlineData("PutBucketEncryption", "s3:PutEncryptionConfiguration")]
    [InlineData("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration")]
    [InlineData("CopyObject", "s3:PutObject")]
    [InlineData("UploadPart", "s3:PutObject")]
    [InlineData("CompleteMultipartUpload", "s3:PutObject")]
    [InlineData("ListParts", "s3:ListMultipartUploadParts")]
    [InlineData("ListMultipartUploads", "s3:ListBucketMultipartUploads")]
    [InlineData("ListBuckets", "s3:ListAllMyBuckets")]
    public void An_operation_declares_the_action_S3_authorizes_it_with(string operation, string action)
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var declared = new S3Service(state).Operations.Find(operation);
        Assert.NotNull(declared);
        Assert.Equal(AuthorizationMode.BeforeHandler, declared.Mode);
        Assert.Equal(action, declared.Action);
    }

    [Fact]
    public void DeleteObjects_is_authorized_per_key_and_a_preflight_asks_no_permission()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var table = new S3Service(state).Operations;
        var deleteObjects = table.Find("DeleteObjects");
        Assert.NotNull(deleteObjects);
        Assert.Equal(AuthorizationMode.PerItem, deleteObjects.Mode);
        Assert.Equal("s3:DeleteObject", deleteObjects.Action);
        var preflight = table.Find("OptionsObject");
        Assert.NotNull(preflight);
        Assert.Equal(AuthorizationMode.None, preflight.Mode);
        Assert.Null(preflight.Action);
    }

    [Theory]
    [InlineData("POST", "/", "", "MethodNotAllowed")]
    [InlineData("PATCH", "/b", "", "MethodNotAllowed")]
    [InlineData("POST", "/b/k", "", "MethodNotAllowed")]
    [InlineData("GET", "/b", "?website", "NotImplemented")]
    [InlineData("PUT", "/b/k", "?retention", "NotImplemented")]
    public void A_request_no_operation_serves_answers_S3s_error(string method, string path, string query, string code)
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var service = new S3Service(state);
        var error = Assert.Throws<AwsServiceException>(() => service.Resolve(Context(state, service, method, path, query, copy: false)));
        Assert.Equal(code, error.Code);
    }

    private static AwsRequestContext Context(EmulatorState state, IAwsService service, string method, string path, string query, bool copy)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Host = new HostString("127.0.0.1", 4566);
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        // The router reads the key from the raw target, as Kestrel gives it.
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = path + query;
        if (copy) http.Request.Headers["x-amz-copy-source"] = "/b/source";
        return new AwsRequestContext
        {
            Http = http,
            State = state,
            Service = service,
            RequestId = "test",
            Region = "us-east-1",
            Caller = Principal.Anonymous,
            Body = ReadOnlyMemory<byte>.Empty,
        };
    }
}
