using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>Why authentication failed; each protocol names it its own way.</summary>
public enum AuthFailureKind
{
    /// <summary>No signature where one is required.</summary>
    MissingAuthenticationToken,
    /// <summary>A signature that cannot be read (missing Credential, SignedHeaders…).</summary>
    IncompleteSignature,
    /// <summary>An access key the emulator never issued.</summary>
    InvalidClientTokenId,
    /// <summary>The signature does not match the request.</summary>
    SignatureDoesNotMatch,
    /// <summary>The request time is too far from now, or a presigned URL has expired.</summary>
    RequestExpired,
    /// <summary>A presigned URL past its X-Amz-Expires.</summary>
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
    /// <summary>The error for <paramref name="kind"/> in <paramref name="protocol"/>'s vocabulary.</summary>
    public static AwsServiceException Create(AuthFailureKind kind, AwsProtocol protocol, string detail)
    {
        var json = protocol is AwsProtocol.Json11 or AwsProtocol.RestJson;
        var s3 = protocol is AwsProtocol.RestXml;
        var (code, status) = kind switch
        {
            AuthFailureKind.MissingAuthenticationToken => (json ? "MissingAuthenticationTokenException" : s3 ? "AccessDenied" : "MissingAuthenticationToken", HttpStatusCode.Forbidden),
            AuthFailureKind.IncompleteSignature => (json ? "IncompleteSignatureException" : s3 ? "AuthorizationHeaderMalformed" : "IncompleteSignature", HttpStatusCode.BadRequest),
            AuthFailureKind.InvalidClientTokenId => (json ? "UnrecognizedClientException" : s3 ? "InvalidAccessKeyId" : "InvalidClientTokenId", json ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.SignatureDoesNotMatch => ("SignatureDoesNotMatch", HttpStatusCode.Forbidden),
            AuthFailureKind.RequestExpired => (s3 ? "RequestTimeTooSkewed" : json ? "InvalidSignatureException" : "SignatureDoesNotMatch", HttpStatusCode.Forbidden),
            AuthFailureKind.PresignedUrlExpired => (s3 ? "AccessDenied" : json ? "InvalidSignatureException" : "SignatureDoesNotMatch", HttpStatusCode.Forbidden),
            AuthFailureKind.ExpiredToken => (json ? "ExpiredTokenException" : "ExpiredToken", s3 ? HttpStatusCode.BadRequest : json ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.InvalidToken => (json ? "UnrecognizedClientException" : s3 ? "InvalidToken" : "InvalidClientTokenId", json ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
            AuthFailureKind.ContentSha256Mismatch => ("XAmzContentSHA256Mismatch", HttpStatusCode.BadRequest),
            AuthFailureKind.InactiveKey => (json ? "UnrecognizedClientException" : s3 ? "InvalidAccessKeyId" : "InvalidClientTokenId", HttpStatusCode.Forbidden),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new AwsServiceException(code, detail, status);
    }
}
