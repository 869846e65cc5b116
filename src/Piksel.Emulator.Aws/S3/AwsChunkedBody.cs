using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> body: <c>&lt;hex-size&gt;[;chunk-signature=…]\r\n&lt;data&gt;\r\n … 0[;chunk-signature=…]\r\n&lt;trailers&gt;\r\n</c>.
/// The AWS SDKs send PutObject and UploadPart this way by default since 2025 (with an <c>x-amz-checksum-*</c> trailer).
/// </summary>
public sealed class AwsChunkedBody
{
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private AwsChunkedBody(byte[] data, IReadOnlyDictionary<string, string> trailers)
    {
        Data = data;
        Trailers = trailers;
    }

    /// <summary>The decoded payload.</summary>
    public byte[] Data { get; }

    /// <summary>Trailing headers (lower-case names), e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public IReadOnlyDictionary<string, string> Trailers { get; }

    /// <summary>What is needed to check chunk signatures of a signed stream (STREAMING-AWS4-HMAC-SHA256-PAYLOAD).</summary>
    public sealed record SigningChain(byte[] SigningKey, string RequestTime, string Scope, string SeedSignature);

    /// <summary>Decodes <paramref name="body"/>; with <paramref name="chain"/>, every chunk signature (and the trailer's) is checked.</summary>
    public static AwsChunkedBody Decode(ReadOnlySpan<byte> body, SigningChain? chain)
    {
        using var data = new MemoryStream(body.Length);
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        var previous = chain?.SeedSignature;
        while (true)
        {
            var header = ReadLine(body, ref position) ?? throw Incomplete();
            var semicolon = header.IndexOf(';');
            var sizeText = semicolon >= 0 ? header[..semicolon] : header;
            if (!int.TryParse(sizeText.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new AwsServiceException("InvalidRequest", "Invalid chunk size in aws-chunked body.");
            // Compared without adding: a size near int.MaxValue must not wrap past the check.
            if (size > body.Length - position) throw Incomplete();
            var chunk = body.Slice(position, size);
            position += size;
            if (chain is not null)
            {
                var signature = semicolon >= 0 ? ParameterValue(header[(semicolon + 1)..], "chunk-signature") : null;
                var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{chain.RequestTime}\n{chain.Scope}\n{previous}\n{EmptyHash}\n{Convert.ToHexStringLower(SHA256.HashData(chunk))}";
                previous = Check(chain, stringToSign, signature);
            }
            if (size == 0) break;
            data.Write(chunk);
            if (ReadLine(body, ref position) is not "") throw Incomplete();
        }

        // Trailers up to an empty line (or the end: some clients omit the final CRLF).
        var trailerText = new StringBuilder();
        string? trailerSignature = null;
        while (ReadLine(body, ref position) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new AwsServiceException("MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature") { trailerSignature = value; continue; }
            trailers[name] = value;
            trailerText.Append(name).Append(':').Append(value).Append('\n');
        }
        if (chain is not null && trailerSignature is not null)
        {
            var stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{chain.RequestTime}\n{chain.Scope}\n{previous}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trailerText.ToString())))}";
            Check(chain, stringToSign, trailerSignature);
        }
        return new AwsChunkedBody(data.ToArray(), trailers);
    }

    private static string Check(SigningChain chain, string stringToSign, string? given)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(chain.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
        if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given)))
        {
            throw new AwsServiceException("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.", System.Net.HttpStatusCode.Forbidden);
        }

        return expected;
    }

    private static string? ParameterValue(string parameters, string name)
    {
        foreach (var part in parameters.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim() == name) return part[(eq + 1)..].Trim();
        }
        return null;
    }

    private static string? ReadLine(ReadOnlySpan<byte> body, ref int position)
    {
        if (position >= body.Length) return null;
        var rest = body[position..];
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0)
        {
            position = body.Length;
            return Encoding.ASCII.GetString(rest);
        }
        position += end + 2;
        return Encoding.ASCII.GetString(rest[..end]);
    }

    private static AwsServiceException Incomplete() =>
        new("IncompleteBody", "The request body terminated unexpectedly");
}
