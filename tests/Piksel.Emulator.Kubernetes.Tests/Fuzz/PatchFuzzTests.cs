using System.Text.Json.Nodes;
using CsCheck;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Rest.Patch;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>JSON patch, merge patch, strategic merge patch and apply bodies fuzzed: end to end on the targets, and through the patchers directly.</summary>
public sealed class PatchFuzzTests(FuzzServer fixture) : IClassFixture<FuzzServer>
{
    private static readonly string[] Paths =
    [
        "/api/v1/namespaces/fuzz/configmaps/target",
        "/api/v1/namespaces/fuzz/secrets/target",
        "/apis/apps/v1/namespaces/fuzz/deployments/target",
        "/apis/apps/v1/namespaces/fuzz/deployments/target/status",
    ];

    public static TheoryData<string, string> Corpora() => new()
    {
        { "json-patch", "application/json-patch+json" },
        { "merge-patch", "application/merge-patch+json" },
        { "strategic-merge-patch", "application/strategic-merge-patch+json" },
        { "apply-yaml", "application/apply-patch+yaml" },
    };

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task Every_patch_is_answered_with_the_object_or_a_Status(string target, string mediaType)
    {
        var corpus = FuzzCorpus.Load(target);
        foreach (var (name, bytes) in corpus.Entries)
            for (var at = 0; at < Paths.Length; at++) await SendAsync(bytes, at, mediaType, name);
        await Gen.Select(corpus.Mutations(), Gen.Int[0, Paths.Length - 1])
            .SampleAsync((body, at) => SendAsync(body, at, mediaType, ""), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds,
                print: input => $"{Paths[input.Item2]} {FuzzCorpus.Show(input.Item1)}");
        await fixture.ResetTargetsAsync();
    }

    private Task SendAsync(byte[] body, int at, string mediaType, string name)
    {
        var query = mediaType.Contains("apply", StringComparison.Ordinal) ? "?fieldManager=fuzz&force=true" : "";
        var request = new HttpRequestMessage(HttpMethod.Patch, Paths[at] + query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return fixture.CheckAsync(request, name.Length > 0 ? name : FuzzCorpus.Show(body));
    }

    [Fact]
    public void The_patchers_fail_only_with_a_Status()
    {
        var corpora = new[] { "json-patch", "merge-patch", "strategic-merge-patch" }.Select(FuzzCorpus.Load).ToList();
        var deployment = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"b"},"finalizers":["x/y"]},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]}}}}""")!.AsObject();
        Gen.Select(Gen.Int[0, corpora.Count - 1].SelectMany(i => corpora[i].Mutations().Select(b => (i, b))), Gen.Int[0, 2])
            .Sample((input, how) => Patch(deployment, input.b, (input.i + how) % 3), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds,
                print: input => FuzzCorpus.Show(input.Item1.b));
    }

    private static void Patch(JsonObject target, byte[] body, int how)
    {
        var current = (JsonObject)target.DeepClone();
        try
        {
            switch (how)
            {
                case 0: JsonPatch.Apply(current, body); break;
                case 1: MergePatch.Apply(current, JsonBodies.Parse(body)); break;
                default:
                    if (JsonBodies.Parse(body) is JsonObject patch) StrategicMergePatch.Apply(BuiltInResources.Deployments, current, patch);
                    break;
            }
        }
        catch (StatusException e) when ((int)e.Code < 500)
        {
        }
        catch (System.Text.Json.JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // A patch value of the wrong JSON type: the handler answers 400 for it.
        }
    }
}
