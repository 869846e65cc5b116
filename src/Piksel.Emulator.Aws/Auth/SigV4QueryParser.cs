using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>
/// Reads a presigned URL's <c>X-Amz-*</c> query parameters. S3 requires all six and refuses an X-Amz-Expires that is
/// not a whole number of seconds from 0 to 604800 (a week) with AuthorizationQueryParametersError, before the signature
/// or the key is looked at; the other services (an EKS token's STS URL) need no X-Amz-Expires, but one that is there
/// must be such a number too. A URL that names none of the parameters is not presigned.
/// </summary>
internal static class SigV4QueryParser
{
    /// <summary>The longest a presigned URL may live: seven days.</summary>
    public const int MaxExpiresSeconds = 604800;

    private static readonly string[] Markers = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders"];
    private static readonly string[] CoralRequired = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];

    private const string S3MissingParameters =
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

    /// <summary>True when <paramref name="query"/> carries any presigned-URL parameter.</summary>
    public static bool IsPresigned(IQueryCollection query) => Markers.Any(query.ContainsKey);

    /// <summary>The signature in <paramref name="query"/>, or null when it is not presigned; throws <see cref="SigV4FormatException"/> in the dialect's words.</summary>
    public static SigV4Signature? Parse(IQueryCollection query, bool s3)
    {
        if (!IsPresigned(query)) return null;
        string Value(string name) => query[name].ToString();

        var algorithm = Value("X-Amz-Algorithm");
        if (algorithm.Length > 0 && algorithm != SigV4HeaderParser.Algorithm)
        {
            throw s3
                ? SigV4Errors.S3Query("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256\"")
                : SigV4Errors.Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'.");
        }

        if (s3)
        {
            if (Markers.Any(m => Value(m).Length == 0) || !query.ContainsKey("X-Amz-Expires")) throw SigV4Errors.S3Query(S3MissingParameters);
        }
        else if (CoralRequired.Where(m => Value(m).Length == 0).ToList() is { Count: > 0 } missing)
        {
            throw SigV4Errors.Incomplete($"AWS query-string parameters must include {string.Join(", ", missing.Select(m => $"'{m}'"))}. Re-examine the query-string parameters.");
        }

        var scope = CredentialScope.Parse(Value("X-Amz-Credential"), s3 ? ScopeSource.S3Query : ScopeSource.Coral);
        var dateText = Value("X-Amz-Date");
        var time = SigV4Signature.ParseBasic(dateText);
        if (time is null)
        {
            throw s3
                ? SigV4Errors.S3Query("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
                : SigV4Errors.Incomplete($"Date must be in ISO-8601 'basic format'. Got '{dateText}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        if (s3 && dateText[..8] != scope.Date)
            throw SigV4Errors.S3Query($"Invalid credential date \"{scope.Date}\". This date is not the same as X-Amz-Date: \"{dateText[..8]}\".");

        return new SigV4Signature
        {
            Location = SignatureLocation.Query,
            S3 = s3,
            AccessKeyId = scope.AccessKeyId,
            ScopeDate = scope.Date,
            Region = scope.Region,
            Service = scope.Service,
            SignedHeaders = Value("X-Amz-SignedHeaders").Split(';', StringSplitOptions.RemoveEmptyEntries),
            Signature = Value("X-Amz-Signature"),
            RequestTime = time,
            RequestTimeText = dateText,
            SecurityToken = Value("X-Amz-Security-Token") is { Length: > 0 } token ? token : null,
            ExpiresSeconds = query.ContainsKey("X-Amz-Expires") ? Expires(Value("X-Amz-Expires")) : null,
        };
    }

    /// <summary>
    /// X-Amz-Expires as S3 reads it: a decimal integer (an optional sign, then digits: no fraction, no hex, not empty)
    /// that fits 64 bits, not negative, at most a week.
    /// </summary>
    public static int Expires(string text)
    {
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            throw SigV4Errors.S3Query("X-Amz-Expires should be a number");
        if (seconds < 0) throw SigV4Errors.S3Query("X-Amz-Expires must be non-negative");
        if (seconds > MaxExpiresSeconds)
        {
            throw SigV4Errors.S3Query(
                $"X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than {MaxExpiresSeconds} seconds");
        }

        return (int)seconds;
    }
}
