using System.Globalization;

namespace Piksel.Emulator.Aws.Auth;

/// <summary>Where a credential scope was read from, which decides the words of its faults.</summary>
internal enum ScopeSource
{
    /// <summary>The Authorization header or X-Amz-Credential of a query or JSON service.</summary>
    Coral,
    /// <summary>S3's Authorization header (AuthorizationHeaderMalformed).</summary>
    S3Header,
    /// <summary>S3's X-Amz-Credential (AuthorizationQueryParametersError).</summary>
    S3Query,
}

/// <summary>The credential of a SigV4 signature: <c>AKID/YYYYMMDD/region/service/aws4_request</c>.</summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    private const string Expected = "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"";

    /// <summary>Reads <paramref name="credential"/>; throws <see cref="SigV4FormatException"/> in the words of <paramref name="source"/>.</summary>
    public static CredentialScope Parse(string credential, ScopeSource source)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5)
        {
            throw source switch
            {
                ScopeSource.S3Header => SigV4Errors.S3Malformed($"the Credential is mal-formed; expecting {Expected}."),
                ScopeSource.S3Query => SigV4Errors.S3Query($"Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting {Expected}."),
                _ => SigV4Errors.Incomplete($"Credential should be scoped to a valid region and service, as 'AKID/YYYYMMDD/region/service/aws4_request'; got '{string.Join('/', parts.Skip(1))}'."),
            };
        }

        if (parts[4] != "aws4_request")
        {
            throw source switch
            {
                ScopeSource.S3Header => SigV4Errors.S3Malformed($"incorrect terminal \"{parts[4]}\". This endpoint uses \"aws4_request\"."),
                ScopeSource.S3Query => SigV4Errors.S3Query($"Error parsing the X-Amz-Credential parameter; incorrect terminal \"{parts[4]}\". This endpoint uses \"aws4_request\"."),
                _ => SigV4Errors.Incomplete($"Credential should be scoped with a valid terminator: 'aws4_request', not '{parts[4]}'."),
            };
        }

        if (!DateTime.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw source switch
            {
                ScopeSource.S3Header => SigV4Errors.S3Malformed($"incorrect date format \"{parts[1]}\". This date in the credential must be in the format \"yyyyMMdd\"."),
                ScopeSource.S3Query => SigV4Errors.S3Query($"Error parsing the X-Amz-Credential parameter; incorrect date format \"{parts[1]}\". This date in the credential must be in the format \"yyyyMMdd\"."),
                _ => SigV4Errors.Incomplete($"Credential should be scoped to a valid date (YYYYMMDD); got '{parts[1]}'."),
            };
        }

        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>The service a credential names, read leniently (for routing before the signature is checked); null when it names none.</summary>
    public static string? ServiceOf(string credential)
    {
        var parts = credential.Split('/');
        return parts.Length >= 4 && parts[3].Length > 0 ? parts[3] : null;
    }
}
