using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// Presigned-URL query parameters: read and verified directly (only a signature fault may come out), and sent to S3
/// and STS (a well-formed error; an X-Amz-Expires that is not a number once made a URL that never expired).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class PresignedQueryFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("presigned-query");
    private static readonly Gen<byte[]> Queries = Mutator.Of([.. Corpus.Select(c => c.Content)], Mutator.SigV4.Concat(Mutator.Form).ToArray());

    [Fact]
    public void Reading_and_verifying_a_query_throws_only_signature_faults()
    {
        var verifier = new SigV4Verifier(fixture.Emulator.State.Credentials, TimeProvider.System, TimeSpan.FromMinutes(5));
        var inputs = Gen.Select(Queries, Gen.Bool, (query, s3) => (Query: Encoding.UTF8.GetString(query), S3: s3));
        FuzzRun.Sample("presigned-query (parser)", Corpus.SelectMany(c => new[] { (Query: Encoding.UTF8.GetString(c.Content), S3: false), (Query: Encoding.UTF8.GetString(c.Content), S3: true) }),
            inputs, input =>
            {
                var http = new DefaultHttpContext();
                http.Request.Method = "GET";
                http.Request.Host = new HostString("127.0.0.1:4566");
                http.Request.QueryString = new QueryString("?" + input.Query);
                try
                {
                    _ = SigV4Verifier.ScopeService(http.Request);
                    if (SigV4Verifier.Read(http.Request, input.S3) is { } signature) verifier.Verify(http.Request, [], signature);
                }
                catch (SigV4FormatException)
                {
                    // A fault in AWS's words is the expected outcome.
                }
            }, input => $"{(input.S3 ? "S3" : "Coral")} ?{input.Query}");
    }

    [Fact]
    public async Task Every_presigned_url_is_answered_with_a_well_formed_error_or_the_object()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("fuzz-presign");
        await s3.PutTextAsync(bucket, "k", "object");
        var inputs = Gen.Select(Queries, Gen.Bool, (query, toS3) => (Query: Encoding.UTF8.GetString(query), S3: toS3));
        await FuzzRun.SampleAsync("presigned-query (edge)", Corpus.Select(c => (Query: Encoding.UTF8.GetString(c.Content), S3: !c.Name.StartsWith("eks", StringComparison.Ordinal))), inputs, input =>
        {
            var path = input.S3 ? $"/{bucket}/k" : "/";
            // The (mutated) credential scope decides which service answers: any service's shape will do, well formed.
            return FuzzEdge.CheckAsync(fixture, new RawRequest { Method = "GET", PathAndQuery = $"{path}?{Sendable(input.Query)}" }, FuzzEdge.AnyProtocol, null);
        }, input => $"{(input.S3 ? "S3" : "STS")} ?{input.Query}");
    }

    /// <summary>
    /// The query as a URL can carry it: characters a URL cannot hold percent-encoded, the rest (bad escapes included) as
    /// they are, and cut to fit Kestrel's request line (8 KiB), which Kestrel itself answers 414 beyond, before the
    /// emulator sees the request.
    /// </summary>
    private static string Sendable(string query)
    {
        if (query.Length > 2000) query = query[..2000];
        var sb = new StringBuilder(query.Length);
        foreach (var b in Encoding.UTF8.GetBytes(query))
        {
            if (b is > 0x20 and < 0x7F && b is not ((byte)'#' or (byte)'"' or (byte)'<' or (byte)'>' or (byte)'\\' or (byte)'^' or (byte)'`' or (byte)'{' or (byte)'|' or (byte)'}')) sb.Append((char)b);
            else sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"%{b:X2}");
        }
        return sb.ToString();
    }
}
