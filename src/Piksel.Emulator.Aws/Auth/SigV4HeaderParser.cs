namespace Piksel.Emulator.Aws.Auth;

/// <summary>
/// Reads a SigV4 <c>Authorization</c> header the way the service behind it does. The query and JSON services (Coral)
/// split the parameters on spaces and commas and name each fault in one IncompleteSignature sentence that quotes the
/// header; S3 drops the spaces, wants exactly three comma-separated components and answers
/// AuthorizationHeaderMalformed or InvalidArgument. A repeated parameter is a fault in both, found before any key is
/// looked up.
/// </summary>
internal static class SigV4HeaderParser
{
    /// <summary>The only algorithm the emulator (and every current SDK) signs with.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private static readonly string[] Required = ["Credential", "Signature", "SignedHeaders"];

    /// <summary>The signature in <paramref name="header"/>; throws <see cref="SigV4FormatException"/> in the dialect's words.</summary>
    /// <param name="header">The Authorization header.</param>
    /// <param name="amzDate">The X-Amz-Date header (empty when absent).</param>
    /// <param name="date">The Date header (empty when absent).</param>
    /// <param name="token">X-Amz-Security-Token (empty when absent).</param>
    /// <param name="s3">True to read it as S3 does.</param>
    public static SigV4Signature Parse(string header, string amzDate, string date, string token, bool s3)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? header : header[..space];
        var rest = space < 0 ? "" : header[(space + 1)..];
        var fields = s3 ? S3Fields(header, algorithm, space, rest) : CoralFields(header, algorithm, rest, amzDate.Length > 0 || date.Length > 0);

        var timeText = amzDate.Length > 0 ? amzDate : date;
        if (timeText.Length == 0)
        {
            throw s3
                ? SigV4Errors.S3MissingDate()
                : SigV4Errors.Incomplete($"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={header}");
        }

        var time = amzDate.Length > 0 ? SigV4Signature.ParseBasic(amzDate) : SigV4Signature.ParseHttpDate(date);
        if (time is null)
        {
            throw s3
                ? SigV4Errors.S3MissingDate()
                : SigV4Errors.Incomplete($"Date must be in ISO-8601 'basic format'. Got '{timeText}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        var scope = CredentialScope.Parse(fields["Credential"], s3 ? ScopeSource.S3Header : ScopeSource.Coral);
        return new SigV4Signature
        {
            Location = SignatureLocation.Header,
            S3 = s3,
            AccessKeyId = scope.AccessKeyId,
            ScopeDate = scope.Date,
            Region = scope.Region,
            Service = scope.Service,
            SignedHeaders = fields["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries),
            Signature = fields["Signature"],
            RequestTime = time,
            RequestTimeText = timeText,
            SecurityToken = token.Length == 0 ? null : token,
        };
    }

    /// <summary>Coral's reading: parameters split on spaces and commas, each <c>key=value</c>.</summary>
    private static Dictionary<string, string> CoralFields(string header, string algorithm, string rest, bool hasDate)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in rest.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) throw SigV4Errors.Incomplete($"'{token}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.");
            var name = token[..eq];
            if (!fields.TryAdd(name, token[(eq + 1)..]))
                throw SigV4Errors.Incomplete($"Authorization header has a repeated '{name}' parameter: '{header}'.");
        }

        var missing = Required.Where(r => !fields.ContainsKey(r)).Select(r => $"Authorization header requires '{r}' parameter.").ToList();
        if (missing.Count > 0)
        {
            if (!hasDate) missing.Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            throw SigV4Errors.Incomplete($"{string.Join(' ', missing)} Authorization={header}");
        }

        if (algorithm != Algorithm) throw SigV4Errors.Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'. Authorization={header}");
        return fields;
    }

    /// <summary>S3's reading: one space after the algorithm, then exactly Credential, SignedHeaders and Signature.</summary>
    private static Dictionary<string, string> S3Fields(string header, string algorithm, int space, string rest)
    {
        if (space < 0) throw SigV4Errors.S3InvalidArgument("Authorization header is invalid -- one and only one ' ' (space) required.", header);
        if (algorithm != Algorithm) throw SigV4Errors.S3InvalidArgument("Unsupported Authorization Type", algorithm);
        var components = string.Concat(rest.Where(c => !char.IsWhiteSpace(c))).Split(',');
        if (components.Length != 3)
            throw SigV4Errors.S3Malformed("the authorization header requires three components: Credential, SignedHeaders, and Signature.");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            var parts = component.Split('=');
            if (parts.Length != 2) throw SigV4Errors.S3Malformed($"the authorization component \"{component}\" is malformed.");
            fields.TryAdd(parts[0], parts[1]);
        }

        foreach (var name in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!fields.ContainsKey(name)) throw SigV4Errors.S3Malformed($"missing {name}.");
        }

        return fields;
    }
}
