using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>Why authentication failed; each protocol names it its own way.</summary>
public enum AuthFailureKind
{
    /// <summary>No signature where one is required.</summary>
    MissingAuthenticationToken,
    /// <summary>A signature that cannot be read (missing Credential, SignedHeaders, a repeated parameter…).</summary>
    IncompleteSignature,
    /// <summary>An Authorization header that is not SigV4 at all (S3: InvalidArgument).</summary>
    UnsupportedAuthorization,
    /// <summary>Presigned-URL parameters that cannot be used (S3: AuthorizationQueryParametersError).</summary>
    AuthorizationQueryParameters,
    /// <summary>No usable Date or X-Amz-Date (S3: AccessDenied).</summary>
    MissingRequestTime,
    /// <summary>An access key the emulator never issued.</summary>
    InvalidClientTokenId,
    /// <summary>The signature does not match the request.</summary>
    SignatureDoesNotMatch,
    /// <summary>The request time is too far from now, either way.</summary>
    RequestExpired,
    /// <summary>A presigned URL past its X-Amz-Expires, or dated too far ahead.</summary>
    PresignedUrlExpired,
    /// <summary>Temporary credentials past their expiry.</summary>
    ExpiredToken,
    /// <summary>A session token missing, wrong, or given with a long-term key.</summary>
    InvalidToken,
    /// <summary>A signed payload hash that does not match the body.</summary>
    ContentSha256Mismatch,
    /// <summary>An inactive access key.</summary>
    InactiveKey,
}

/// <summary>Maps an authentication failure to the code, status and message each protocol answers with.</summary>
public static class AuthFailure
{
    /// <summary>The error for <paramref name="failure"/> in <paramref name="protocol"/>'s vocabulary, with S3's detail elements.</summary>
    public static AwsServiceException Create(SigV4FormatException failure, AwsProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var error = Create(failure.Kind, protocol, failure.Message);
        if (failure.Details.Count == 0 || protocol != AwsProtocol.RestXml) return error;
        return new AwsServiceException(error.Code, error.Message, error.StatusCode)
        {
            Details = failure.Details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>The error for <paramref name="kind"/> in <paramref name="protocol"/>'s vocabulary.</summary>
    public static AwsServiceException Create(AuthFailureKind kind, AwsProtocol protocol, string detail)
    {
        if (protocol == AwsProtocol.Ec2 && Ec2(kind, detail) is { } ec2) return ec2;
        var json = protocol is AwsProtocol.Json11 or AwsProtocol.RestJson;
        var s3 = protocol is AwsProtocol.RestXml;
        var incomplete = (json ? "IncompleteSignatureException" : "IncompleteSignature", HttpStatusCode.BadRequest);
        var (code, status) = kind switch
        {
            AuthFailureKind.MissingAuthenticationToken => (json ? "MissingAuthenticationTokenException" : s3 ? "AccessDenied" : "MissingAuthenticationToken", HttpStatusCode.Forbidden),
            AuthFailureKind.IncompleteSignature => s3 ? ("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest) : incomplete,
            AuthFailureKind.UnsupportedAuthorization => s3 ? ("InvalidArgument", HttpStatusCode.BadRequest) : incomplete,
            AuthFailureKind.AuthorizationQueryParameters => s3 ? ("AuthorizationQueryParametersError", HttpStatusCode.BadRequest) : incomplete,
            AuthFailureKind.MissingRequestTime => s3 ? ("AccessDenied", HttpStatusCode.Forbidden) : incomplete,
            AuthFailureKind.InvalidClientTokenId => (json ? "UnrecognizedClientException" : s3 ? "InvalidAccessKeyId" : "InvalidClientTokenId", json ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.SignatureDoesNotMatch => ("SignatureDoesNotMatch", HttpStatusCode.Forbidden),
            // awsJson services answer 400 InvalidSignatureException; restJson services (Lambda, Glacier, EKS) 403.
            AuthFailureKind.RequestExpired => (s3 ? "RequestTimeTooSkewed" : json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                protocol == AwsProtocol.Json11 ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.PresignedUrlExpired => (s3 ? "AccessDenied" : json ? "InvalidSignatureException" : "SignatureDoesNotMatch", HttpStatusCode.Forbidden),
            AuthFailureKind.ExpiredToken => (json ? "ExpiredTokenException" : "ExpiredToken", s3 ? HttpStatusCode.BadRequest : json ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.InvalidToken => (json ? "UnrecognizedClientException" : s3 ? "InvalidToken" : "InvalidClientTokenId", json ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.ContentSha256Mismatch => ("XAmzContentSHA256Mismatch", HttpStatusCode.BadRequest),
            AuthFailureKind.InactiveKey => (json ? "UnrecognizedClientException" : s3 ? "InvalidAccessKeyId" : "InvalidClientTokenId", HttpStatusCode.Forbidden),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new AwsServiceException(code, detail, status);
    }

    /// <summary>
    /// EC2's own words: a key or signature it cannot validate is 401 AuthFailure, a request outside its 15-minute
    /// window (or past its expiry) 400 RequestExpired; the rest as the query services answer.
    /// </summary>
    private static AwsServiceException? Ec2(AuthFailureKind kind, string detail) => kind switch
    {
        AuthFailureKind.InvalidClientTokenId or AuthFailureKind.SignatureDoesNotMatch or AuthFailureKind.InvalidToken or AuthFailureKind.InactiveKey =>
            new("AuthFailure", "AWS was not able to validate the provided access credentials", HttpStatusCode.Unauthorized),
        AuthFailureKind.RequestExpired or AuthFailureKind.PresignedUrlExpired => new("RequestExpired", detail),
        _ => null,
    };
}
