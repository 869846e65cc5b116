using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>STS's wire errors (awsQueryError codes and statuses from the STS service model).</summary>
internal static class StsErrors
{
    /// <summary>Smithy-style validation failure: <c>1 validation error detected: Value 'v' at 'field' failed to satisfy constraint: …</c>.</summary>
    public static AwsServiceException Validation(string field, string? value, string constraint) =>
        new("ValidationError", $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}");

    /// <summary>A ValidationError with STS's own sentence.</summary>
    public static AwsServiceException Validation(string message) => new("ValidationError", message);

    public static AwsServiceException AccessDenied(string message) => new("AccessDenied", message, HttpStatusCode.Forbidden);

    public static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicyDocument", message);

    public static AwsServiceException PackedPolicyTooLarge(int percent) =>
        new("PackedPolicyTooLarge", $"Packed policy consumes {percent}% of allotted space, please use smaller policy.");

    public static AwsServiceException InvalidIdentityToken(string message) => new("InvalidIdentityToken", message);

    /// <summary>
    /// The sentence AWS gives when it cannot get the issuer's keys. Captured answers carry it under
    /// <c>InvalidIdentityToken</c> (unreachable host, bad discovery document, bad TLS), with two spaces after the comma;
    /// <c>IDPCommunicationError</c> is the model's code for a transient failure (the issuer timing out).
    /// </summary>
    public static AwsServiceException KeyRetrieval(bool transient) => new(transient ? "IDPCommunicationError" : "InvalidIdentityToken",
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");

    public static AwsServiceException ExpiredToken(string message) => new("ExpiredTokenException", message);
}
