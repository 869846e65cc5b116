using System.Text;
using CsCheck;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// IAM policy documents: parsed for every use (only IAM's MalformedPolicyDocument sentences may come out; a lone
/// surrogate once answered 500) and sent where clients send them: IAM CreatePolicy, KMS CreateKey, S3 PutBucketPolicy.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class PolicyDocumentFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("iam-policy");
    private static readonly Gen<string> Documents = Mutator.Of([.. Corpus.Select(c => c.Content)], Mutator.Json).Select(Encoding.UTF8.GetString);

    [Fact]
    public void Parsing_a_document_throws_only_PolicyParseException()
    {
        FuzzRun.Sample("iam-policy (parser)", Corpus.Select(c => Encoding.UTF8.GetString(c.Content)), Documents, document =>
        {
            foreach (var usage in Enum.GetValues<PolicyUsage>())
            {
                try { _ = PolicyDocument.Parse(document, usage); }
                catch (PolicyParseException) { }
            }
        }, document => Mutator.Show(Encoding.UTF8.GetBytes(document)));
    }

    [Fact]
    public async Task Every_document_is_answered_with_a_well_formed_error_where_clients_send_it()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("fuzz-policy");
        var inputs = Gen.Select(Documents, Gen.Int[0, 2], (document, sink) => (Document: document, Sink: sink));
        await FuzzRun.SampleAsync("iam-policy (edge)", Corpus.SelectMany(c => Enumerable.Range(0, 3).Select(sink => (Document: Encoding.UTF8.GetString(c.Content), Sink: sink))), inputs, input =>
        {
            var (request, protocol, service) = input.Sink switch
            {
                0 => (RawRequest.Query($"Action=CreatePolicy&Version=2010-05-08&PolicyName=fuzz-{Guid.NewGuid():N}&PolicyDocument={Uri.EscapeDataString(input.Document)}"), AwsProtocol.Query, "iam"),
                1 => (RawRequest.Json("TrentService.CreateKey", new System.Text.Json.Nodes.JsonObject { ["Policy"] = input.Document }.ToJsonString()), AwsProtocol.Json11, "kms"),
                _ => (new RawRequest { Method = "PUT", PathAndQuery = $"/{bucket}?policy", Body = Encoding.UTF8.GetBytes(input.Document) }, AwsProtocol.RestXml, "s3"),
            };
            return FuzzEdge.CheckAsync(fixture, request, protocol, service);
        }, input => $"sink {input.Sink}: {Mutator.Show(Encoding.UTF8.GetBytes(input.Document))}");
    }
}
