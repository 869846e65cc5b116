using CsCheck;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// awsJson1.1 bodies (Secrets Manager, KMS, CloudWatch Logs): parsed directly (only Coral's SerializationException may
/// come out), and sent signed with their X-Amz-Target (a well-formed JSON error; invalid UTF-8 and lone surrogates once
/// answered 500).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class JsonBodyFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("json-body");
    private static readonly Gen<byte[]> Bodies = Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Json);

    [Fact]
    public void Parsing_a_body_throws_only_SerializationException()
    {
        FuzzRun.Sample("json-body (parser)", Corpus.Select(c => c.Body), Bodies, body =>
        {
            try
            {
                var json = JsonProtocol.ParseBody(body);
                foreach (var (name, _) in json.ToList())
                {
                    try
                    {
                        _ = json.OptionalString(name);
                    }
                    catch (AwsServiceException e) when (e.Code == "SerializationException")
                    {
                        // A member of another type: Coral's answer.
                    }
                }
            }
            catch (AwsServiceException e) when (e.Code == "SerializationException")
            {
                // A body Coral cannot read: its answer.
            }
        }, body => Mutator.Show(body));
    }

    [Fact]
    public async Task Every_signed_body_is_answered_with_a_well_formed_JSON_error()
    {
        var targets = Corpus.Select(c => c.Head).Distinct(StringComparer.Ordinal).ToArray();
        var inputs = Gen.Select(Bodies, Gen.Int[0, targets.Length - 1], (body, target) => (Body: body, Target: targets[target]));
        await FuzzRun.SampleAsync("json-body (edge)", Corpus.Select(c => (Body: c.Body, Target: c.Head)), inputs, input =>
            FuzzEdge.CheckAsync(fixture, RawRequest.Json(input.Target, input.Body), AwsProtocol.Json11, SigningName(input.Target)),
            input => $"{input.Target}: {Mutator.Show(input.Body)}");
    }

    private static string SigningName(string target) => target.Split('.')[0] switch
    {
        "TrentService" => "kms",
        "Logs_20140328" => "logs",
        _ => "secretsmanager",
    };
}
