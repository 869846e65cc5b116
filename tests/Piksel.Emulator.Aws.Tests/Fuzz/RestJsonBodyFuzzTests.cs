using CsCheck;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>EKS's restJson1 bodies, sent signed to their routes: a well-formed JSON error with its real status, never a 5xx.</summary>
[Collection(FuzzCollection.Name)]
public sealed class RestJsonBodyFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("rest-json-body");

    [Fact]
    public async Task Every_signed_body_is_answered_with_a_well_formed_JSON_error()
    {
        var routes = Corpus.Select(c => c.Head).Distinct(StringComparer.Ordinal).ToArray();
        var inputs = Gen.Select(Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Json), Gen.Int[0, routes.Length - 1], (body, route) => (Body: body, Route: routes[route]));
        await FuzzRun.SampleAsync("rest-json-body (edge)", Corpus.Select(c => (Body: c.Body, Route: c.Head)), inputs, input =>
        {
            var space = input.Route.IndexOf(' ', StringComparison.Ordinal);
            var request = new RawRequest
            {
                Method = input.Route[..space],
                PathAndQuery = input.Route[(space + 1)..],
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                Body = input.Body,
            };
            return FuzzEdge.CheckAsync(fixture, request, AwsProtocol.RestJson, "eks");
        }, input => $"{input.Route}: {Mutator.Show(input.Body)}");
    }
}
