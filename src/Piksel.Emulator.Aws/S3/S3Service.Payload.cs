using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>A request body after aws-chunked decoding, with its checked checksums.</summary>
    private sealed record Payload(byte[] Data, string Md5Hex, IReadOnlyDictionary<string, string> Checksums, string? Algorithm);

    /// <summary>
    /// Reads the body of PutObject/UploadPart: decodes aws-chunked framing (checking chunk signatures of signed streams),
    /// then checks Content-MD5 and any <c>x-amz-checksum-*</c> value from a header or trailer, computing the one
    /// named by <c>x-amz-sdk-checksum-algorithm</c>/<c>x-amz-checksum-algorithm</c> when no value came.
    /// </summary>
    private Payload ReadPayload(AwsRequestContext context)
    {
        var request = context.Http.Request;
        var contentSha = request.Headers["x-amz-content-sha256"].ToString();
        var chunked = contentSha.StartsWith("STREAMING-", StringComparison.Ordinal)
            || request.Headers.ContentEncoding.Any(e => e is not null && e.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase));
        byte[] data;
        IReadOnlyDictionary<string, string> trailers = new Dictionary<string, string>();
        if (chunked)
        {
            var decoded = AwsChunkedBody.Decode(context.Body.Span, SigningChainFor(request, contentSha));
            data = decoded.Data;
            trailers = decoded.Trailers;
            if (long.TryParse(request.Headers["x-amz-decoded-content-length"], CultureInfo.InvariantCulture, out var declared) && declared != data.Length)
                throw new AwsServiceException("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
        }
        else
        {
            data = context.Body.ToArray();
        }

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
        if (requested.Length > 0 && !S3Checksums.IsKnown(requested))
            throw new AwsServiceException("InvalidRequest", "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        // A trailer that was announced but never came is an error, not a missing checksum.
        if (request.Headers["x-amz-trailer"].ToString() is { Length: > 0 } announced && !trailers.ContainsKey(announced.Trim()) && supplied.Count == 0)
            throw new AwsServiceException("MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");

        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, value) in supplied)
        {
            var computed = S3Checksums.Compute(algorithm, data);
            byte[] given;
            try { given = Convert.FromBase64String(value); }
            catch (FormatException) { throw new AwsServiceException("InvalidRequest", $"Value for x-amz-checksum-{algorithm.ToLowerInvariant()} header is invalid."); }
            if (given.Length != computed.Length)
                throw new AwsServiceException("InvalidRequest", $"Value for x-amz-checksum-{algorithm.ToLowerInvariant()} header is invalid.");
            if (!given.AsSpan().SequenceEqual(computed))
                throw new AwsServiceException("BadDigest", $"The {algorithm} you specified did not match the calculated checksum.");
            checksums[algorithm] = value;
        }
        var algorithmUsed = supplied.Keys.FirstOrDefault() ?? (requested.Length > 0 ? requested.ToUpperInvariant() : null);
        if (algorithmUsed is not null && !checksums.ContainsKey(algorithmUsed))
            checksums[algorithmUsed] = S3Checksums.ComputeBase64(algorithmUsed, data);
        return new Payload(data, Convert.ToHexStringLower(md5), checksums, algorithmUsed);
    }

    /// <summary>For STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): the seed signature and key to check each chunk's signature with.</summary>
    private AwsChunkedBody.SigningChain? SigningChainFor(HttpRequest request, string contentSha)
    {
        if (!contentSha.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal)) return null;
        var signature = SigV4Verifier.Read(request);
        if (signature is null) return null;
        var secret = state.Credentials.Resolve(signature.AccessKeyId)?.SecretAccessKey;
        if (secret is null) return null;
        return new AwsChunkedBody.SigningChain(SigV4Verifier.SigningKey(secret, signature.ScopeDate, signature.Region, signature.Service),
            signature.RequestTimeText, signature.Scope, signature.Signature);
    }

    /// <summary>Writes the stored checksum headers (and their type).</summary>
    private static void WriteChecksumHeaders(HttpResponse response, IReadOnlyDictionary<string, string> checksums, string? type)
    {
        foreach (var (algorithm, value) in checksums) response.Headers["x-amz-checksum-" + algorithm.ToLowerInvariant()] = value;
        if (checksums.Count > 0 && type is not null) response.Headers["x-amz-checksum-type"] = type;
    }
}
