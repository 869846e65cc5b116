using CsCheck;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.S3;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// S3's request documents (CreateBucketConfiguration, Delete, Tagging, CORS, lifecycle, public access block): parsed
/// directly (only S3's own errors may come out; a DTD's entities once expanded) and sent signed to a bucket (a
/// well-formed Error document, never a 5xx).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class S3XmlFuzzTests(EmulatorFixture fixture)
{
    private static readonly string[] Roots =
    [
        "CreateBucketConfiguration", "Delete", "Tagging", "CORSConfiguration", "LifecycleConfiguration", "PublicAccessBlockConfiguration",
        "AccessControlPolicy", "CompleteMultipartUpload",
    ];

    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("s3-xml");
    private static readonly Gen<byte[]> Documents = Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Xml);

    [Fact]
    public void Parsing_a_document_throws_only_S3s_errors()
    {
        FuzzRun.Sample("s3-xml (parser)", Corpus.Select(c => c.Body), Documents, body =>
        {
            foreach (var root in Roots)
            {
                try { _ = S3Xml.Parse(body, root); }
                catch (AwsServiceException) { }
            }

            try { _ = S3Tags.ParseDocument(body, objectTags: true); }
            catch (AwsServiceException) { }
        }, body => Mutator.Show(body));
    }

    [Fact]
    public async Task Every_signed_document_is_answered_with_a_well_formed_error()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("fuzz-xml");
        var routes = Corpus.Select(c => c.Head).Distinct(StringComparer.Ordinal).ToArray();
        var inputs = Gen.Select(Documents, Gen.Int[0, routes.Length - 1], (body, route) => (Body: body, Route: routes[route]));
        await FuzzRun.SampleAsync("s3-xml (edge)", Corpus.Select(c => (Body: c.Body, Route: c.Head)), inputs, input =>
        {
            var parts = input.Route.Split(' ', 2);
            var path = parts.Length == 1 ? $"/{S3TestKit.BucketName("fuzz-new")}" : $"/{bucket}{parts[1]}";
            var request = new RawRequest { Method = parts[0], PathAndQuery = path, Body = input.Body };
            if (parts[0] == "POST")
                request = request.With("Content-MD5", Convert.ToBase64String(S3TestKit.Md5(input.Body)));
            return FuzzEdge.CheckAsync(fixture, request, AwsProtocol.RestXml, "s3");
        }, input => $"{input.Route}: {Mutator.Show(input.Body)}");
    }
}
