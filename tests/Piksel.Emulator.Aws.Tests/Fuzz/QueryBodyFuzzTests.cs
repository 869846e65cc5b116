using System.Text;
using CsCheck;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// awsQuery and ec2 form bodies (IAM, STS, EC2): parsed directly (nothing may throw), and sent signed to the service
/// (a well-formed error in its shape; a control character in a name once answered 500 with an empty body).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class QueryBodyFuzzTests(EmulatorFixture fixture)
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = FuzzCorpus.Load("query-body");

    [Fact]
    public void Parsing_a_form_never_throws()
    {
        var forms = Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Form);
        FuzzRun.Sample("query-body (parser)", Corpus.Select(c => c.Body), forms, form =>
        {
            var query = QueryParameters.Parse("?Action=x&" + Encoding.UTF8.GetString(form), form);
            foreach (var name in query.All.Keys.Take(20))
            {
                _ = query.GetList(name);
                _ = query.GetStructList(name);
                _ = query.GetBool(name);
                try { _ = query.GetInt(name); }
                catch (AwsServiceException) { }
            }
        }, form => Mutator.Show(form));
    }

    [Fact]
    public async Task Every_signed_form_is_answered_in_its_services_shape()
    {
        var services = Corpus.Select(c => c.Head).Distinct(StringComparer.Ordinal).ToArray();
        var inputs = Gen.Select(Mutator.Of([.. Corpus.Select(c => c.Body)], Mutator.Form), Gen.Int[0, services.Length - 1], (form, service) => (Form: form, Service: services[service]));
        await FuzzRun.SampleAsync("query-body (edge)", Corpus.Select(c => (Form: c.Body, Service: c.Head)), inputs, input =>
            FuzzEdge.CheckAsync(fixture, RawRequest.Query("") with { Body = input.Form }, input.Service == "ec2" ? AwsProtocol.Ec2 : AwsProtocol.Query, input.Service),
            input => $"{input.Service}: {Mutator.Show(input.Form)}");
    }
}
