using System.Net;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>The S3 errors more than one operation group answers, in S3's codes, sentences and detail elements.</summary>
internal static class S3Errors
{
    public static AwsServiceException NoSuchBucket(string bucket) =>
        new("NoSuchBucket", "The specified bucket does not exist", HttpStatusCode.NotFound) { Details = Names(bucket) };

    public static AwsServiceException NoSuchKey(string bucket, string key) =>
        new("NoSuchKey", "The specified key does not exist.", HttpStatusCode.NotFound)
        {
            Details = new Dictionary<string, string> { ["Key"] = key, ["BucketName"] = bucket },
        };

    public static AwsServiceException NoSuchUpload(string uploadId) =>
        new("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", HttpStatusCode.NotFound)
        {
            Details = new Dictionary<string, string> { ["UploadId"] = uploadId },
        };

    public static AwsServiceException MethodNotAllowed(string method, string resourceType) =>
        new("MethodNotAllowed", "The specified method is not allowed against this resource.", HttpStatusCode.MethodNotAllowed)
        {
            Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = resourceType },
        };

    /// <summary>A denial in S3's words: anonymous callers learn nothing but "Access Denied".</summary>
    public static AwsServiceException AccessDenied(Principal caller, string action, string resource) =>
        new("AccessDenied", caller.Kind == PrincipalKind.Anonymous
            ? "Access Denied"
            : $"User: {caller.Arn} is not authorized to perform: {action} on resource: \"{resource}\"", HttpStatusCode.Forbidden);

    /// <summary>The bare denial S3 answers where it says no more (public ACLs under BlockPublicAcls, an absent key without s3:ListBucket).</summary>
    public static AwsServiceException PlainAccessDenied() => new("AccessDenied", "Access Denied", HttpStatusCode.Forbidden);

    public static AwsServiceException PreconditionFailed(string condition) =>
        new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", HttpStatusCode.PreconditionFailed)
        {
            Details = new Dictionary<string, string> { ["Condition"] = condition },
        };

    public static AwsServiceException InvalidArgument(string message, string name, string value) =>
        new("InvalidArgument", message) { Details = new Dictionary<string, string> { ["ArgumentName"] = name, ["ArgumentValue"] = value } };

    public static AwsServiceException UnsupportedChecksumAlgorithm() =>
        new("InvalidRequest", "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");

    /// <summary>A configuration a bucket does not have (NoSuchBucketPolicy, NoSuchTagSet…), 404 with the bucket's name.</summary>
    public static AwsServiceException NotConfigured(string code, string message, string bucket) =>
        new(code, message, HttpStatusCode.NotFound) { Details = Names(bucket) };

    private static Dictionary<string, string> Names(string bucket) => new() { ["BucketName"] = bucket };
}
