using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>Object bodies (JSON and YAML) fuzzed: through create and update end to end, and through the decoders directly.</summary>
public sealed class ObjectBodyFuzzTests(FuzzServer fixture) : IClassFixture<FuzzServer>
{
    private static readonly (string Path, ResourceType Type)[] Targets =
    [
        ("/api/v1/namespaces/fuzz/configmaps", BuiltInResources.ConfigMaps),
        ("/api/v1/namespaces/fuzz/secrets", BuiltInResources.Secrets),
        ("/apis/apps/v1/namespaces/fuzz/deployments", BuiltInResources.Deployments),
        ("/api/v1/namespaces/fuzz/pods", BuiltInResources.Pods),
    ];

    public static TheoryData<string> Corpora() => ["objects-json", "objects-yaml"];

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task Create_and_update_answer_every_body_with_a_Status_or_the_object(string target)
    {
        var corpus = FuzzCorpus.Load(target);
        var contentType = target.EndsWith("yaml", StringComparison.Ordinal) ? "application/yaml" : "application/json";
        foreach (var (name, bytes) in corpus.Entries)
            await SendAsync(bytes, 0, false, contentType, name);
        await Gen.Select(corpus.Mutations(), Gen.Int[0, Targets.Length - 1], Gen.Bool)
            .SampleAsync((body, at, update) => SendAsync(body, at, update, contentType, ""), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds, print: Print);
        await fixture.ResetTargetsAsync();
    }

    private Task SendAsync(byte[] body, int at, bool update, string contentType, string name)
    {
        var path = Targets[at].Path + (update ? "/target" : "");
        var request = new HttpRequestMessage(update ? HttpMethod.Put : HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return fixture.CheckAsync(request, name.Length > 0 ? name : FuzzCorpus.Show(body));
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void The_decoders_answer_every_body_with_an_object_or_a_Status(string target)
    {
        var corpus = FuzzCorpus.Load(target);
        var contentType = target.EndsWith("yaml", StringComparison.Ordinal) ? "application/yaml" : "application/json";
        foreach (var (_, bytes) in corpus.Entries) Decode(bytes, 0, contentType);
        Gen.Select(corpus.Mutations(), Gen.Int[0, Targets.Length - 1])
            .Sample((body, at) => Decode(body, at, contentType), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds, print: Print);
    }

    private static void Decode(byte[] body, int at, string contentType)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = contentType;
        var type = Targets[at].Type;
        try
        {
            ObjectBodies.Decode(http, body, type.Kind, type.Version, type.ModelType!);
        }
        catch (StatusException e) when ((int)e.Code < 500 && e.Message.Length > 0)
        {
        }
        // The lower layers too: each fails only in its own way.
        try { YamlBodies.ToJson(body); }
        catch (YamlBodyException) { }
        try { JsonBodies.Parse(body, []); }
        catch (System.Text.Json.JsonException) { }
    }

    private static string Print((byte[] Body, int At, bool Update) input) => $"{Targets[input.At].Path} update={input.Update} {FuzzCorpus.Show(input.Body)}";

    private static string Print((byte[] Body, int At) input) => $"{Targets[input.At].Path} {FuzzCorpus.Show(input.Body)}";
}
