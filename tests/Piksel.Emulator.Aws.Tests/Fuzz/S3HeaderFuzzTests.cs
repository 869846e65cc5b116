using System.Text;
using CsCheck;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// S3's request headers (Range and the conditional headers, x-amz-copy-source and its range, x-amz-tagging, metadata,
/// checksums, ACLs): mutated header blocks sent signed on object and bucket requests, answered with a well-formed
/// Error document (no body on HEAD) or done, never a 5xx.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class S3HeaderFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("s3-headers");

    [Fact]
    public async Task Every_header_block_is_answered_with_a_well_formed_error_or_done()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("fuzz-headers");
        await s3.PutTextAsync(bucket, "k", "hello");
        var routes = Corpus.Select(c => c.Head).Distinct(StringComparer.Ordinal).ToArray();
        var inputs = Gen.Select(Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Form.Concat(Mutator.SigV4).Concat(["bytes=", "\n", ": ", "GMT", "\"", "/"]).ToArray()),
            Gen.Int[0, routes.Length - 1], (block, route) => (Block: block, Route: routes[route]));
        await FuzzRun.SampleAsync("s3-headers (edge)", Corpus.Select(c => (Block: c.Body, Route: c.Head)), inputs, input =>
        {
            var parts = input.Route.Split(' ', 2);
            var path = parts.Length == 1 ? $"/{S3TestKit.BucketName("fuzz-hdr")}" : $"/{bucket}{parts[1]}";
            var request = new RawRequest { Method = parts[0], PathAndQuery = path, Body = parts[0] == "PUT" && parts.Length > 1 ? "hello"u8.ToArray() : [] };
            var size = 0;
            foreach (var line in Encoding.UTF8.GetString(input.Block).Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                // Kestrel answers 431 itself, before the emulator, beyond 32 KiB of headers: stay well inside it.
                if (colon <= 0 || (size += line.Length) > 16384) continue;
                var name = string.Concat(line[..Math.Min(colon, 256)].Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
                if (name.Length == 0 || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.StartsWith("x-amz-date", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                request = request.With(name, FuzzEdge.HeaderSafe(Encoding.UTF8.GetBytes(line[(colon + 1)..].Replace("{bucket}", bucket, StringComparison.Ordinal))));
            }
            return FuzzEdge.CheckAsync(fixture, request, AwsProtocol.RestXml, "s3");
        }, input => $"{input.Route}: {Mutator.Show(input.Block)}");
    }
}
