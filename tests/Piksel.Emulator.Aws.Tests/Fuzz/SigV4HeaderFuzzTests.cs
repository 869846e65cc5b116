using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// The SigV4 Authorization header: read and verified directly (only a signature fault may come out, in either
/// dialect), and sent to STS, KMS and S3 (a well-formed 4xx, before authentication, never a 5xx: a repeated parameter
/// once answered 500).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class SigV4HeaderFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("sigv4-header");
    private static readonly Gen<byte[]> Headers = Mutator.Of([.. Corpus.Select(c => c.Content)], Mutator.SigV4);

    [Fact]
    public void Reading_and_verifying_a_header_throws_only_signature_faults()
    {
        var verifier = new SigV4Verifier(fixture.Emulator.State.Credentials, TimeProvider.System, TimeSpan.FromMinutes(5));
        var inputs = Gen.Select(Headers, Gen.Bool, (header, s3) => (Header: Encoding.Latin1.GetString(header), S3: s3));
        FuzzRun.Sample("sigv4-header (parser)", Corpus.SelectMany(c => new[] { (Header: Encoding.Latin1.GetString(c.Content), S3: false), (Header: Encoding.Latin1.GetString(c.Content), S3: true) }),
            inputs, input =>
            {
                var http = new DefaultHttpContext();
                http.Request.Headers.Authorization = input.Header;
                http.Request.Headers["X-Amz-Date"] = "20260101T000000Z";
                try
                {
                    _ = SigV4Verifier.ScopeService(http.Request);
                    if (SigV4Verifier.Read(http.Request, input.S3) is { } signature) verifier.Verify(http.Request, [], signature);
                }
                catch (SigV4FormatException)
                {
                    // A fault in AWS's words is the expected outcome.
                }
            }, input => $"{(input.S3 ? "S3" : "Coral")} Authorization: {Mutator.Show(Encoding.Latin1.GetBytes(input.Header))}");
    }

    [Fact]
    public async Task Every_header_is_answered_with_a_well_formed_error()
    {
        var services = new (RawRequest Request, AwsProtocol Protocol)[]
        {
            (RawRequest.Query("Action=GetCallerIdentity&Version=2011-06-15"), AwsProtocol.Query),
            (RawRequest.Json("TrentService.ListKeys", "{}"), AwsProtocol.Json11),
            (new RawRequest { Method = "GET", PathAndQuery = "/" }, AwsProtocol.RestXml),
        };
        var inputs = Gen.Select(Headers, Gen.Int[0, services.Length - 1], (header, service) => (Header: FuzzEdge.HeaderSafe(header), Service: service));
        await FuzzRun.SampleAsync("sigv4-header (edge)", Corpus.SelectMany(c => Enumerable.Range(0, 3).Select(service => (Header: FuzzEdge.HeaderSafe(c.Content), Service: service))), inputs, input =>
        {
            // The (mutated) credential scope may route the request to another service: any service's shape will do, well formed.
            var request = services[input.Service].Request;
            return FuzzEdge.CheckAsync(fixture, request.With("Authorization", input.Header).With("X-Amz-Date", DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)), FuzzEdge.AnyProtocol, null);
        }, input => $"{services[input.Service].Protocol} Authorization: {input.Header}");
    }
}
