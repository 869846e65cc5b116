using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.S3;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// aws-chunked framing, unsigned with a trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER) and signed chunk by chunk
/// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): decoded directly (only S3's errors may come out; a chunk size near 2^31 once
/// wrapped past the length check) and sent as PutObject bodies (a well-formed error, never a 5xx).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class AwsChunkedFuzzTests(EmulatorFixture fixture)
{
    private const string SignedStream = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("aws-chunked");
    private static readonly Gen<byte[]> Bodies = Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Chunked);

    [Fact]
    public void Decoding_throws_only_S3s_errors()
    {
        var chain = new AwsChunkedBody.SigningChain(SigV4Verifier.SigningKey("test", "20260101", "us-east-1", "s3"), "20260101T000000Z",
            "20260101/us-east-1/s3/aws4_request", new string('0', 64));
        var inputs = Gen.Select(Bodies, Gen.Bool, (body, signed) => (Body: body, Signed: signed));
        FuzzRun.Sample("aws-chunked (parser)", Corpus.Select(c => (Body: c.Body, Signed: c.Head.StartsWith(SignedStream, StringComparison.Ordinal))), inputs, input =>
        {
            try { _ = AwsChunkedBody.Decode(input.Body, input.Signed ? chain : null); }
            catch (AwsServiceException) { }
        }, input => $"{(input.Signed ? "signed" : "unsigned")}: {Mutator.Show(input.Body)}");
    }

    [Fact]
    public async Task Every_chunked_upload_is_answered_with_a_well_formed_error_or_stored()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("fuzz-chunked");
        var edits = Gen.Select(Gen.Int[0, 10], Gen.Int[0, int.MaxValue], Gen.Int[0, 64], Gen.Int[0, Mutator.Chunked.Length - 1], (k, a, l, t) => new Mutation(k, a, l, t)).List[0, 4];
        var inputs = Gen.Select(Gen.Int[0, Corpus.Count - 1], Gen.Byte.Array[0, 300], edits, Gen.Int[1, 9], Gen.OneOf<string>("", "-1", "abc", "99999999999999999999"),
            (seed, data, mutations, chunk, declared) => new ChunkedInput(Corpus[seed].Head, Corpus[seed].Body, data, mutations, chunk, declared));
        await FuzzRun.SampleAsync("aws-chunked (edge)", Corpus.Select(c => new ChunkedInput(c.Head, c.Body, [], [], 0, "")), inputs,
            input => SendAsync(bucket, input), input => input.ToString());
    }

    private Task SendAsync(string bucket, ChunkedInput input)
    {
        var endpoint = fixture.Emulator.Endpoint;
        var head = input.Head.Split(' ');
        var headers = new Dictionary<string, string>
        {
            ["Content-Encoding"] = "aws-chunked",
            ["x-amz-content-sha256"] = head[0],
        };
        if (head.Length > 1) headers["x-amz-trailer"] = head[1];
        var request = new RawRequest { Method = "PUT", PathAndQuery = $"/{bucket}/chunked", Headers = headers }.Sign(endpoint, "s3", DateTimeOffset.UtcNow);
        byte[] body;
        if (input.Chunk == 0)
        {
            body = input.Corpus;
        }
        else
        {
            // A valid body first (a real signature chain for the signed stream), then broken by the edits.
            var framed = head[0] == SignedStream ? SignedChunks(request, input.Data, input.Chunk) : S3RawClient.UnsignedChunks(input.Data, input.Chunk, "x-amz-checksum-crc32:AAAAAA==");
            body = Mutator.Apply(framed, input.Edits, [input.Corpus], [.. Mutator.Chunked.Select(Encoding.UTF8.GetBytes)]);
        }

        var decoded = input.DeclaredLength.Length > 0 ? input.DeclaredLength : input.Data.Length.ToString(CultureInfo.InvariantCulture);
        return FuzzEdge.CheckAsync(fixture, request.With("x-amz-decoded-content-length", decoded) with { Body = body }, AwsProtocol.RestXml, null);
    }

    private static byte[] SignedChunks(RawRequest signed, byte[] data, int chunkSize)
    {
        var authorization = signed.Headers["Authorization"];
        var seed = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
        var amzDate = signed.Headers["X-Amz-Date"];
        var date = amzDate[..8];
        var key = SigV4Verifier.SigningKey("test", date, "us-east-1", "s3");
        var scope = $"{date}/us-east-1/s3/aws4_request";
        const string emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        using var body = new MemoryStream();
        var previous = seed;
        for (var offset = 0; ; offset += chunkSize)
        {
            var size = Math.Max(0, Math.Min(chunkSize, data.Length - offset));
            var chunk = data.AsSpan(Math.Min(offset, data.Length), size).ToArray();
            var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{scope}\n{previous}\n{emptyHash}\n{Convert.ToHexStringLower(SHA256.HashData(chunk))}";
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
            body.Write(Encoding.ASCII.GetBytes($"{size:x};chunk-signature={signature}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
            previous = signature;
            if (size == 0) break;
        }
        return body.ToArray();
    }

    /// <summary>One upload: a corpus body as it is (Chunk 0), or data framed in chunks of Chunk bytes and then edited.</summary>
    private sealed record ChunkedInput(string Head, byte[] Corpus, byte[] Data, IReadOnlyList<Mutation> Edits, int Chunk, string DeclaredLength)
    {
        public override string ToString() =>
            $"{Head}, chunks of {Chunk}, x-amz-decoded-content-length '{DeclaredLength}', data {Mutator.Show(Data)}, edits [{string.Join(", ", Edits)}]"
            + (Chunk == 0 ? $", body {Mutator.Show(Corpus)}" : "");
    }
}
