using System.Globalization;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>Where a SigV4 signature travelled.</summary>
public enum SignatureLocation
{
    /// <summary>The Authorization header.</summary>
    Header,
    /// <summary>A presigned URL's X-Amz-* query parameters.</summary>
    Query,
}

/// <summary>A SigV4 signature as found on a request, before it is checked.</summary>
public sealed record SigV4Signature
{
    public required SignatureLocation Location { get; init; }
    /// <summary>True when it was read as S3 reads signatures (S3's sentences and clock window apply).</summary>
    public bool S3 { get; init; }
    public required string AccessKeyId { get; init; }
    /// <summary>YYYYMMDD of the credential scope.</summary>
    public required string ScopeDate { get; init; }
    public required string Region { get; init; }
    public required string Service { get; init; }
    public required IReadOnlyList<string> SignedHeaders { get; init; }
    public required string Signature { get; init; }
    /// <summary>The request time (X-Amz-Date, else Date); null when the request carries none.</summary>
    public DateTimeOffset? RequestTime { get; init; }
    /// <summary>The raw X-Amz-Date / Date text the signer used in the string to sign.</summary>
    public required string RequestTimeText { get; init; }
    /// <summary>X-Amz-Security-Token, for temporary credentials.</summary>
    public string? SecurityToken { get; init; }
    /// <summary>Presigned URLs: seconds the URL stays valid (X-Amz-Expires).</summary>
    public int? ExpiresSeconds { get; init; }

    /// <summary>The credential scope <c>date/region/service/aws4_request</c>.</summary>
    public string Scope => $"{ScopeDate}/{Region}/{Service}/aws4_request";

    /// <summary>X-Amz-Date's ISO 8601 basic format, <c>yyyyMMdd'T'HHmmss'Z'</c>; null when it is not that.</summary>
    internal static DateTimeOffset? ParseBasic(string? text) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>A Date header (RFC 1123, or the basic format some signers put there); null when it is neither.</summary>
    internal static DateTimeOffset? ParseHttpDate(string? text) =>
        ParseBasic(text) ?? (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null);
}
