using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Piksel.Platform.Definition;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;
using Piksel.Platform.Verification;

namespace Piksel.Platform.Tests.Definition;

/// <summary>
/// The whole spec of each environment (every resource with all its attributes and dependencies, in order, and every
/// output) and the verifier's IRSA promises, against a golden file per environment: a refactor of the definition
/// must not change what it produces. A deliberate change regenerates the files with <c>PIKSEL_UPDATE_GOLDEN=1</c>,
/// and the diff is reviewed with the change.
/// </summary>
public sealed class SpecSnapshotTests
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static TheoryData<string> Environments => ["local", "dev", "staging", "production"];

    [Theory]
    [MemberData(nameof(Environments))]
    public void The_spec_is_the_golden_one(string env)
    {
        var settings = Fixtures.Load(env);
        var actual = Snapshot(PikselPlatform.Define(settings), PikselPlatform.IrsaExpectations(settings));
        var path = Path.Combine(RepoPaths.Root, "tests", "Piksel.Platform.Tests", "Definition", "Golden", $"{env}.json");
        if (Environment.GetEnvironmentVariable("PIKSEL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with PIKSEL_UPDATE_GOLDEN=1 to write it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static string Snapshot(PlatformSpec spec, IReadOnlyList<IrsaExpectation> expectations)
    {
        var resources = new JsonArray();
        foreach (var resource in spec.Resources)
        {
            var attributes = JsonSerializer.SerializeToNode(resource, resource.GetType(), Options)!.AsObject();
            foreach (var identity in new[] { "kind", "key", "id", "dependsOn" })
            {
                attributes.Remove(identity); // in the envelope already
            }

            resources.Add(new JsonObject
            {
                ["id"] = resource.Id.ToString(),
                ["dependsOn"] = new JsonArray(resource.DependsOn.Select(d => (JsonNode?)JsonValue.Create(d.ToString())).ToArray()),
                ["resource"] = attributes,
            });
        }

        var outputs = new JsonArray(spec.Outputs.Select(o => (JsonNode?)new JsonObject { [o.Name] = o.Value }).ToArray());
        var irsa = new JsonArray(expectations.Select(e => (JsonNode?)new JsonObject
        {
            ["namespace"] = e.Namespace,
            ["serviceAccounts"] = new JsonArray(e.ServiceAccounts.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["roleArn"] = e.RoleArn,
            ["allowed"] = Probes(e.Allowed),
            ["denied"] = Probes(e.Denied),
        }).ToArray());
        var root = new JsonObject { ["environment"] = spec.Environment, ["resources"] = resources, ["outputs"] = outputs, ["irsaExpectations"] = irsa };
        return root.ToJsonString(Options).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonArray Probes(IEnumerable<AccessProbe> probes) =>
        new(probes.Select(p => (JsonNode?)new JsonObject
        {
            ["probe"] = p.GetType().Name,
            ["fields"] = JsonSerializer.SerializeToNode(p, p.GetType(), Options),
        }).ToArray());

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(SpecJson.Options) { WriteIndented = true };
        options.Converters.Insert(0, new DigestOfSensitive());
        return options;
    }

    // The golden files hold no secret: a sensitive value is written as its digest, which still catches a change.
    private sealed class DigestOfSensitive : JsonConverter<SensitiveString>
    {
        public override SensitiveString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, SensitiveString value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Digest());
    }
}
