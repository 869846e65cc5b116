using System.Globalization;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>The faults of a SigV4 signature, in the words AWS answers them.</summary>
internal static class SigV4Errors
{
    /// <summary>A query or JSON service's IncompleteSignature.</summary>
    public static SigV4FormatException Incomplete(string message) => new(AuthFailureKind.IncompleteSignature, message);

    /// <summary>S3's AuthorizationHeaderMalformed: "The authorization header is malformed; …".</summary>
    public static SigV4FormatException S3Malformed(string reason) =>
        new(AuthFailureKind.IncompleteSignature, $"The authorization header is malformed; {reason}");

    /// <summary>S3's InvalidArgument about the Authorization header, with the value it could not use.</summary>
    public static SigV4FormatException S3InvalidArgument(string message, string value) =>
        new(AuthFailureKind.UnsupportedAuthorization, message) { Details = [new("ArgumentName", "Authorization"), new("ArgumentValue", value)] };

    /// <summary>S3's AccessDenied for a request with no usable Date or X-Amz-Date.</summary>
    public static SigV4FormatException S3MissingDate() =>
        new(AuthFailureKind.MissingRequestTime, "AWS authentication requires a valid Date or x-amz-date header");

    /// <summary>A presigned URL's parameters that cannot be used (S3: AuthorizationQueryParametersError).</summary>
    public static SigV4FormatException S3Query(string message) => new(AuthFailureKind.AuthorizationQueryParameters, message);

    /// <summary>
    /// A request time outside the service's window. S3 answers RequestTimeTooSkewed with its own sentence; the others
    /// say "Signature expired" for a past time and "Signature not yet current" for a future one.
    /// </summary>
    public static SigV4FormatException Skewed(SigV4Signature signature, DateTimeOffset now, TimeSpan window)
    {
        if (signature.S3)
        {
            return new(AuthFailureKind.RequestExpired, "The difference between the request time and the current time is too large.")
            {
                Details =
                [
                    new("RequestTime", signature.RequestTimeText),
                    new("ServerTime", Iso(now)),
                    new("MaxAllowedSkewMilliseconds", ((long)window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)),
                ],
            };
        }

        var minutes = window.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
        return signature.RequestTime > now
            ? new(AuthFailureKind.RequestExpired, $"Signature not yet current: {signature.RequestTimeText} is still later than {Basic(now + window)} ({Basic(now)} + {minutes} min.)")
            : new(AuthFailureKind.RequestExpired, $"Signature expired: {signature.RequestTimeText} is now earlier than {Basic(now - window)} ({Basic(now)} - {minutes} min.)");
    }

    /// <summary>A presigned URL past its X-Amz-Expires ("Request has expired", with S3's detail elements).</summary>
    public static SigV4FormatException Expired(SigV4Signature signature, DateTimeOffset expires, DateTimeOffset now) =>
        new(AuthFailureKind.PresignedUrlExpired, "Request has expired")
        {
            Details = signature.S3
                ? [new("X-Amz-Expires", (signature.ExpiresSeconds ?? 0).ToString(CultureInfo.InvariantCulture)), new("Expires", Iso(expires)), new("ServerTime", Iso(now))]
                : [],
        };

    /// <summary>A presigned URL dated too far ahead ("Request is not yet valid").</summary>
    public static SigV4FormatException NotYetValid(SigV4Signature signature, DateTimeOffset now) =>
        new(AuthFailureKind.PresignedUrlExpired, "Request is not yet valid")
        {
            Details = signature.S3
                ?
                [
                    new("X-Amz-Date", signature.RequestTime!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                    new("Expires", Iso(signature.RequestTime.Value.AddSeconds(signature.ExpiresSeconds ?? 0))),
                    new("ServerTime", Iso(now)),
                ]
                : [],
        };

    private static string Basic(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
