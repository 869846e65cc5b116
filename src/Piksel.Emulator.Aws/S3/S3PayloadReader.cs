using System.Globalization;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Reads the body of PutObject/UploadPart: decodes aws-chunked framing (checking chunk signatures of signed streams
/// with the signer's secret), then checks Content-MD5 and any <c>x-amz-checksum-*</c> value from a header or trailer,
/// computing the one named by <c>x-amz-sdk-checksum-algorithm</c>/<c>x-amz-checksum-algorithm</c> when no value came.
/// </summary>
internal sealed class S3PayloadReader(CredentialStore credentials)
{
    public S3Payload Read(AwsRequestContext context)
    {
        var request = context.Http.Request;
        var (data, trailers) = Decode(context);
        var md5 = S3Checksums.Md5(data);
        if (request.Headers["Content-MD5"].ToString() is { Length: > 0 } contentMd5)
        {
            byte[] given;
            try { given = Convert.FromBase64String(contentMd5); }
            catch (FormatException) { throw new AwsServiceException("InvalidDigest", "The Content-MD5 you specified was invalid."); }
            if (given.Length != 16) throw new AwsServiceException("InvalidDigest", "The Content-MD5 you specified was invalid.");
            if (!given.AsSpan().SequenceEqual(md5))
                throw new AwsServiceException("BadDigest", "The Content-MD5 you specified did not match what we received.");
        }

        var supplied = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var algorithm in S3Checksums.Algorithms)
        {
            var name = "x-amz-checksum-" + algorithm.ToLowerInvariant();
            var value = request.Headers[name].ToString();
            if (value.Length == 0 && trailers.TryGetValue(name, out var trailed)) value = trailed;
            if (value.Length > 0) supplied[algorithm] = value;
        }
        if (supplied.Count > 1)
            throw new AwsServiceException("InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        var requested = request.Headers["x-amz-sdk-checksum-algorithm"].ToString() is { Length: > 0 } sdk ? sdk : request.Headers["x-amz-checksum-algorithm"].ToString();
        if (requested.Length > 0 && !S3Checksums.IsKnown(requested)) throw S3Errors.UnsupportedChecksumAlgorithm();
        // A trailer that was announced but never came is an error, not a missing checksum.
        if (request.Headers["x-amz-trailer"].ToString() is { Length: > 0 } announced && !trailers.ContainsKey(announced.Trim()) && supplied.Count == 0)
            throw new AwsServiceException("MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");

        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, value) in supplied) checksums[algorithm] = Checked(algorithm, value, data);
        var algorithmUsed = supplied.Keys.FirstOrDefault() ?? (requested.Length > 0 ? requested.ToUpperInvariant() : null);
        if (algorithmUsed is not null && !checksums.ContainsKey(algorithmUsed))
            checksums[algorithmUsed] = S3Checksums.ComputeBase64(algorithmUsed, data);
        return new S3Payload(data, Convert.ToHexStringLower(md5), checksums, algorithmUsed);
    }

    /// <summary>The body, aws-chunked decoded when the request says it is, and the trailers that came with it.</summary>
    private (byte[] Data, IReadOnlyDictionary<string, string> Trailers) Decode(AwsRequestContext context)
    {
        var request = context.Http.Request;
        var contentSha = request.Headers["x-amz-content-sha256"].ToString();
        var chunked = contentSha.StartsWith("STREAMING-", StringComparison.Ordinal)
            || request.Headers.ContentEncoding.Any(e => e is not null && e.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase));
        if (!chunked) return (context.Body.ToArray(), new Dictionary<string, string>());
        var decoded = AwsChunkedBody.Decode(context.Body.Span, SigningChainFor(request, contentSha));
        if (long.TryParse(request.Headers["x-amz-decoded-content-length"], CultureInfo.InvariantCulture, out var declared) && declared != decoded.Data.Length)
            throw new AwsServiceException("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
        return (decoded.Data, decoded.Trailers);
    }

    /// <summary>The supplied base64 <paramref name="value"/> when it is the checksum of <paramref name="data"/>; InvalidRequest or BadDigest otherwise.</summary>
    private static string Checked(string algorithm, string value, byte[] data)
    {
        var computed = S3Checksums.Compute(algorithm, data);
        byte[] given;
        try { given = Convert.FromBase64String(value); }
        catch (FormatException) { throw new AwsServiceException("InvalidRequest", $"Value for x-amz-checksum-{algorithm.ToLowerInvariant()} header is invalid."); }
        if (given.Length != computed.Length)
            throw new AwsServiceException("InvalidRequest", $"Value for x-amz-checksum-{algorithm.ToLowerInvariant()} header is invalid.");
        if (!given.AsSpan().SequenceEqual(computed))
            throw new AwsServiceException("BadDigest", $"The {algorithm} you specified did not match the calculated checksum.");
        return value;
    }

    /// <summary>For STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): the seed signature and key to check each chunk's signature with.</summary>
    private AwsChunkedBody.SigningChain? SigningChainFor(HttpRequest request, string contentSha)
    {
        if (!contentSha.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal)) return null;
        var signature = SigV4Verifier.Read(request);
        if (signature is null) return null;
        var secret = credentials.Resolve(signature.AccessKeyId)?.SecretAccessKey;
        if (secret is null) return null;
        return new AwsChunkedBody.SigningChain(SigV4Verifier.SigningKey(secret, signature.ScopeDate, signature.Region, signature.Service),
            signature.RequestTimeText, signature.Scope, signature.Signature);
    }
}
