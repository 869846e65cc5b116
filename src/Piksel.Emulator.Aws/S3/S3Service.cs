using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// S3 (restXml, <c>http://s3.amazonaws.com/doc/2006-03-01/</c>): buckets, objects, listing, multipart uploads and
/// bucket configuration, path-style or virtual-hosted, with every operation authorized by the policy engine with
/// the bucket policy as the resource policy. Metadata lives in tables, bodies in the blob store, so a restart
/// finds every object again.
/// </summary>
public sealed partial class S3Service : IAwsService
{
    /// <summary>The namespace of every S3 answer.</summary>
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private readonly EmulatorState state;
    private readonly Table<S3Bucket> buckets;
    private readonly Table<S3Object> objects;
    private readonly Table<S3Upload> uploads;
    private readonly Table<S3Part> parts;

    public S3Service(EmulatorState state)
    {
        this.state = state;
        buckets = state.Store.Table<S3Bucket>("s3.buckets");
        objects = state.Store.Table<S3Object>("s3.objects");
        uploads = state.Store.Table<S3Upload>("s3.uploads");
        parts = state.Store.Table<S3Part>("s3.parts");
    }

    /// <inheritdoc />
    public string SigningName => "s3";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.RestXml;

    /// <inheritdoc />
    public string XmlNamespace => Namespace;

    /// <inheritdoc />
    /// <remarks>Anonymous requests go on to the handlers, which let the bucket policy (and ACLs) decide, as S3 does.</remarks>
    public bool AllowsAnonymous(AwsRequestContext context) => true;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var request = context.Http.Request;
        var (bucket, key) = Route(request);
        var method = request.Method;
        if (bucket is null)
        {
            if (HttpMethods.IsGet(method)) return ListBucketsAsync(context);
            throw MethodNotAllowed(method, "SERVICE");
        }
        if (HttpMethods.IsOptions(method)) return PreflightAsync(context, bucket);
        AddCorsHeaders(context, bucket);
        return key is null
            ? HandleBucketAsync(context, bucket, method, request.Query, cancellationToken)
            : HandleObjectAsync(context, bucket, key, method, request.Query, cancellationToken);
    }

    private Task HandleBucketAsync(AwsRequestContext context, string bucket, string method, IQueryCollection query, CancellationToken cancellationToken)
    {
        bool Has(string name) => query.ContainsKey(name);
        if (HttpMethods.IsPut(method))
        {
            if (Has("policy")) return PutBucketPolicyAsync(context, bucket);
            if (Has("publicAccessBlock")) return PutPublicAccessBlockAsync(context, bucket);
            if (Has("ownershipControls")) return PutOwnershipControlsAsync(context, bucket);
            if (Has("cors")) return PutBucketCorsAsync(context, bucket);
            if (Has("lifecycle")) return PutLifecycleAsync(context, bucket);
            if (Has("tagging")) return PutBucketTaggingAsync(context, bucket);
            if (Has("encryption")) return PutBucketEncryptionAsync(context, bucket);
            if (Has("requestPayment")) return PutRequestPaymentAsync(context, bucket);
            if (Has("versioning")) return PutBucketVersioningAsync(context, bucket);
            if (Has("acl")) return PutBucketAclAsync(context, bucket);
            RejectUnsupported(query);
            return CreateBucketAsync(context, bucket);
        }
        if (HttpMethods.IsGet(method))
        {
            if (Has("location")) return GetBucketLocationAsync(context, bucket);
            if (Has("policy")) return GetBucketPolicyAsync(context, bucket);
            if (Has("policyStatus")) return GetBucketPolicyStatusAsync(context, bucket);
            if (Has("publicAccessBlock")) return GetPublicAccessBlockAsync(context, bucket);
            if (Has("ownershipControls")) return GetOwnershipControlsAsync(context, bucket);
            if (Has("cors")) return GetBucketCorsAsync(context, bucket);
            if (Has("lifecycle")) return GetLifecycleAsync(context, bucket);
            if (Has("tagging")) return GetBucketTaggingAsync(context, bucket);
            if (Has("encryption")) return GetBucketEncryptionAsync(context, bucket);
            if (Has("requestPayment")) return GetRequestPaymentAsync(context, bucket);
            if (Has("versioning")) return GetBucketVersioningAsync(context, bucket);
            if (Has("acl")) return GetBucketAclAsync(context, bucket);
            if (Has("uploads")) return ListMultipartUploadsAsync(context, bucket);
            if (Has("versions")) return ListObjectVersionsAsync(context, bucket);
            RejectUnsupported(query);
            return query["list-type"] == "2" ? ListObjectsV2Async(context, bucket) : ListObjectsV1Async(context, bucket);
        }
        if (HttpMethods.IsDelete(method))
        {
            if (Has("policy")) return DeleteBucketPolicyAsync(context, bucket);
            if (Has("publicAccessBlock")) return DeletePublicAccessBlockAsync(context, bucket);
            if (Has("ownershipControls")) return DeleteOwnershipControlsAsync(context, bucket);
            if (Has("cors")) return DeleteBucketCorsAsync(context, bucket);
            if (Has("lifecycle")) return DeleteLifecycleAsync(context, bucket);
            if (Has("tagging")) return DeleteBucketTaggingAsync(context, bucket);
            if (Has("encryption")) return DeleteBucketEncryptionAsync(context, bucket);
            RejectUnsupported(query);
            return DeleteBucketAsync(context, bucket);
        }
        if (HttpMethods.IsHead(method)) return HeadBucketAsync(context, bucket);
        if (HttpMethods.IsPost(method) && Has("delete")) return DeleteObjectsAsync(context, bucket, cancellationToken);
        throw MethodNotAllowed(method, "BUCKET");
    }

    private Task HandleObjectAsync(AwsRequestContext context, string bucket, string key, string method, IQueryCollection query, CancellationToken cancellationToken)
    {
        bool Has(string name) => query.ContainsKey(name);
        if (HttpMethods.IsPut(method))
        {
            if (Has("uploadId") || Has("partNumber"))
                return context.Http.Request.Headers.ContainsKey("x-amz-copy-source")
                    ? UploadPartCopyAsync(context, bucket, key, cancellationToken)
                    : UploadPartAsync(context, bucket, key, cancellationToken);
            if (Has("tagging")) return PutObjectTaggingAsync(context, bucket, key);
            if (Has("acl")) return PutObjectAclAsync(context, bucket, key);
            RejectUnsupported(query);
            return context.Http.Request.Headers.ContainsKey("x-amz-copy-source")
                ? CopyObjectAsync(context, bucket, key, cancellationToken)
                : PutObjectAsync(context, bucket, key, cancellationToken);
        }
        if (HttpMethods.IsGet(method))
        {
            if (Has("uploadId")) return ListPartsAsync(context, bucket, key);
            if (Has("tagging")) return GetObjectTaggingAsync(context, bucket, key);
            if (Has("acl")) return GetObjectAclAsync(context, bucket, key);
            RejectUnsupported(query);
            return GetObjectAsync(context, bucket, key, head: false, cancellationToken);
        }
        if (HttpMethods.IsHead(method)) return GetObjectAsync(context, bucket, key, head: true, cancellationToken);
        if (HttpMethods.IsDelete(method))
        {
            if (Has("uploadId")) return AbortMultipartUploadAsync(context, bucket, key);
            if (Has("tagging")) return DeleteObjectTaggingAsync(context, bucket, key);
            return DeleteObjectAsync(context, bucket, key);
        }
        if (HttpMethods.IsPost(method))
        {
            if (Has("uploads")) return CreateMultipartUploadAsync(context, bucket, key);
            if (Has("uploadId")) return CompleteMultipartUploadAsync(context, bucket, key, cancellationToken);
        }
        throw MethodNotAllowed(method, "OBJECT");
    }

    /// <summary>Sub-resources S3 has but the emulator does not keep: answer NotImplemented rather than act on the wrong operation.</summary>
    private static void RejectUnsupported(IQueryCollection query)
    {
        string[] unsupported = ["website", "logging", "notification", "replication", "analytics", "metrics", "inventory",
            "intelligent-tiering", "accelerate", "object-lock", "retention", "legal-hold", "restore", "select", "torrent", "attributes"];
        foreach (var name in unsupported)
            if (query.ContainsKey(name))
                throw new AwsServiceException("NotImplemented", $"The emulator does not implement the '{name}' sub-resource.", HttpStatusCode.NotImplemented)
                {
                    Details = new Dictionary<string, string> { ["Header"] = name },
                };
    }

    private static AwsServiceException MethodNotAllowed(string method, string resourceType) =>
        new("MethodNotAllowed", "The specified method is not allowed against this resource.", HttpStatusCode.MethodNotAllowed)
        {
            Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = resourceType },
        };
}
