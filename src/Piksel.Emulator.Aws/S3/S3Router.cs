using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Names the S3 operation a request asks for, from its method, whether it addresses the service, a bucket or an
/// object, and its sub-resource query (<c>?policy</c>, <c>?uploads</c>, <c>?tagging</c>…): the first sub-resource in
/// S3's order wins. Sub-resources the emulator does not keep answer NotImplemented, a method a resource does not take
/// MethodNotAllowed. An ordinary request with an <c>Origin</c> gets the bucket's matching CORS headers here, before its
/// operation runs.
/// </summary>
internal sealed class S3Router(S3Store store)
{
    private static readonly (string SubResource, string Operation)[] BucketPut =
    [
        ("policy", "PutBucketPolicy"), ("publicAccessBlock", "PutPublicAccessBlock"), ("ownershipControls", "PutBucketOwnershipControls"),
        ("cors", "PutBucketCors"), ("lifecycle", "PutBucketLifecycleConfiguration"), ("tagging", "PutBucketTagging"),
        ("encryption", "PutBucketEncryption"), ("requestPayment", "PutBucketRequestPayment"), ("versioning", "PutBucketVersioning"),
        ("acl", "PutBucketAcl"),
    ];

    private static readonly (string SubResource, string Operation)[] BucketGet =
    [
        ("location", "GetBucketLocation"), ("policy", "GetBucketPolicy"), ("policyStatus", "GetBucketPolicyStatus"),
        ("publicAccessBlock", "GetPublicAccessBlock"), ("ownershipControls", "GetBucketOwnershipControls"), ("cors", "GetBucketCors"),
        ("lifecycle", "GetBucketLifecycleConfiguration"), ("tagging", "GetBucketTagging"), ("encryption", "GetBucketEncryption"),
        ("requestPayment", "GetBucketRequestPayment"), ("versioning", "GetBucketVersioning"), ("acl", "GetBucketAcl"),
        ("uploads", "ListMultipartUploads"), ("versions", "ListObjectVersions"),
    ];

    private static readonly (string SubResource, string Operation)[] BucketDelete =
    [
        ("policy", "DeleteBucketPolicy"), ("publicAccessBlock", "DeletePublicAccessBlock"), ("ownershipControls", "DeleteBucketOwnershipControls"),
        ("cors", "DeleteBucketCors"), ("lifecycle", "DeleteBucketLifecycle"), ("tagging", "DeleteBucketTagging"),
        ("encryption", "DeleteBucketEncryption"),
    ];

    /// <summary>Sub-resources S3 has but the emulator does not keep: answer NotImplemented rather than act on the wrong operation.</summary>
    private static readonly string[] Unsupported =
    [
        "website", "logging", "notification", "replication", "analytics", "metrics", "inventory", "intelligent-tiering",
        "accelerate", "object-lock", "retention", "legal-hold", "restore", "select", "torrent", "attributes",
    ];

    /// <summary>The operation's name in S3's API reference; throws S3's error for requests no operation serves.</summary>
    public string Resolve(AwsRequestContext context)
    {
        var request = context.Http.Request;
        var (bucket, key) = S3Target.Of(request);
        var method = request.Method;
        if (bucket is null) return HttpMethods.IsGet(method) ? "ListBuckets" : throw S3Errors.MethodNotAllowed(method, "SERVICE");
        if (HttpMethods.IsOptions(method)) return CorsOperations.Preflight;
        AddCorsHeaders(context, bucket);
        return key is null ? BucketOperation(request, method) : ObjectOperation(request, method);
    }

    private static string BucketOperation(HttpRequest request, string method)
    {
        var query = request.Query;
        if (HttpMethods.IsPut(method)) return BySubResource(query, BucketPut) ?? Supported(query, "CreateBucket");
        if (HttpMethods.IsGet(method))
            return BySubResource(query, BucketGet) ?? Supported(query, query["list-type"] == "2" ? "ListObjectsV2" : "ListObjects");
        if (HttpMethods.IsDelete(method)) return BySubResource(query, BucketDelete) ?? Supported(query, "DeleteBucket");
        if (HttpMethods.IsHead(method)) return "HeadBucket";
        if (HttpMethods.IsPost(method) && query.ContainsKey("delete")) return "DeleteObjects";
        throw S3Errors.MethodNotAllowed(method, "BUCKET");
    }

    private static string ObjectOperation(HttpRequest request, string method)
    {
        var query = request.Query;
        var copy = request.Headers.ContainsKey("x-amz-copy-source");
        if (HttpMethods.IsPut(method))
        {
            if (query.ContainsKey("uploadId") || query.ContainsKey("partNumber")) return copy ? "UploadPartCopy" : "UploadPart";
            if (query.ContainsKey("tagging")) return "PutObjectTagging";
            if (query.ContainsKey("acl")) return "PutObjectAcl";
            return Supported(query, copy ? "CopyObject" : "PutObject");
        }
        if (HttpMethods.IsGet(method))
        {
            if (query.ContainsKey("uploadId")) return "ListParts";
            if (query.ContainsKey("tagging")) return "GetObjectTagging";
            if (query.ContainsKey("acl")) return "GetObjectAcl";
            return Supported(query, "GetObject");
        }
        if (HttpMethods.IsHead(method)) return "HeadObject";
        if (HttpMethods.IsDelete(method))
        {
            if (query.ContainsKey("uploadId")) return "AbortMultipartUpload";
            return query.ContainsKey("tagging") ? "DeleteObjectTagging" : "DeleteObject";
        }
        if (HttpMethods.IsPost(method))
        {
            if (query.ContainsKey("uploads")) return "CreateMultipartUpload";
            if (query.ContainsKey("uploadId")) return "CompleteMultipartUpload";
        }
        throw S3Errors.MethodNotAllowed(method, "OBJECT");
    }

    private static string? BySubResource(IQueryCollection query, (string SubResource, string Operation)[] candidates)
    {
        foreach (var (subResource, operation) in candidates)
            if (query.ContainsKey(subResource)) return operation;
        return null;
    }

    /// <summary><paramref name="operation"/>, unless the query names a sub-resource the emulator does not keep.</summary>
    private static string Supported(IQueryCollection query, string operation)
    {
        foreach (var name in Unsupported)
        {
            if (query.ContainsKey(name))
            {
                throw new AwsServiceException("NotImplemented", $"The emulator does not implement the '{name}' sub-resource.", HttpStatusCode.NotImplemented)
                {
                    Details = new Dictionary<string, string> { ["Header"] = name },
                };
            }
        }

        return operation;
    }

    /// <summary>On an ordinary request with an Origin, S3 adds the matching rule's Access-Control-* headers to the answer.</summary>
    private void AddCorsHeaders(AwsRequestContext context, string bucketName)
    {
        var origin = context.Http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || store.Buckets.Find(bucketName) is not { CorsXml: { } rules }) return;
        var method = context.Http.Request.Method.ToUpperInvariant();
        if (S3CorsRule.Match(rules, origin, method, []) is { } rule)
        {
            rule.WriteHeaders(context.Http.Response, origin);
            context.Http.Response.Headers.AccessControlAllowMethods = string.Join(", ", rule.Methods);
        }
    }
}
