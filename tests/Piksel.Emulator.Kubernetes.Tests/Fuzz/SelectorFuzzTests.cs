using System.Net;
using CsCheck;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>Label and field selectors fuzzed: parsed directly (a result or a Status), and on list, watch and deletecollection.</summary>
public sealed class SelectorFuzzTests(FuzzServer fixture) : IClassFixture<FuzzServer>
{
    public static TheoryData<string> Corpora() => ["label-selectors", "field-selectors"];

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Parsing_gives_a_selector_or_a_Status(string target)
    {
        var corpus = FuzzCorpus.Load(target);
        foreach (var (_, bytes) in corpus.Entries) Parse(System.Text.Encoding.UTF8.GetString(bytes));
        corpus.TextMutations().Sample(Parse, seed: FuzzSettings.Seed, time: FuzzSettings.Seconds);
    }

    private static void Parse(string text)
    {
        var pod = new Kubernetes.Storage.StoredObject(BuiltInResources.Pods, "fuzz", "p", 1,
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"fuzz","labels":{"app":"web","tier":"x"}},"spec":{"nodeName":"n"},"status":{"phase":"Running"}}"""u8.ToArray());
        try
        {
            LabelSelector.Parse(text).Matches(pod.Labels);
        }
        catch (StatusException e) when (e.Code == HttpStatusCode.BadRequest)
        {
        }
        try
        {
            FieldSelector.Parse(text, BuiltInResources.Pods).Matches(pod);
        }
        catch (StatusException e) when (e.Code == HttpStatusCode.BadRequest)
        {
        }
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task Lists_and_watches_answer_every_selector(string target)
    {
        var corpus = FuzzCorpus.Load(target);
        var parameter = target.StartsWith("label", StringComparison.Ordinal) ? "labelSelector" : "fieldSelector";
        foreach (var (name, bytes) in corpus.Entries) await SendAsync(parameter, System.Text.Encoding.UTF8.GetString(bytes), 0);
        await Gen.Select(corpus.TextMutations(), Gen.Int[0, 3])
            .SampleAsync((text, how) => SendAsync(parameter, text, how), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds);
    }

    private Task SendAsync(string parameter, string selector, int how)
    {
        // Beyond 64 KiB a URI cannot even be built on the client side.
        var value = Uri.EscapeDataString(selector.Length > 16_000 ? selector[..16_000] : selector);
        var (method, path) = how switch
        {
            0 => (HttpMethod.Get, $"/api/v1/namespaces/fuzz/pods?{parameter}={value}"),
            1 => (HttpMethod.Get, $"/api/v1/secrets?{parameter}={value}&limit=2"),
            2 => (HttpMethod.Get, $"/api/v1/namespaces/fuzz/configmaps?watch=1&timeoutSeconds=1&{parameter}={value}"),
            // A dry run, so that a selector that matches does not empty the namespace.
            _ => (HttpMethod.Delete, $"/api/v1/namespaces/fuzz/events?dryRun=All&{parameter}={value}"),
        };
        return fixture.CheckAsync(new HttpRequestMessage(method, path), $"{parameter}={selector}");
    }
}
