using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Crds;

namespace Piksel.Emulator.Kubernetes.Tests.Crds;

/// <summary>Structural schema validation, pruning, defaults, list types and int-or-string, in apiextensions' words.</summary>
public sealed class SchemaTests
{
    private static JsonObject Schema() => JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object","required":["mode"],"properties":{
          "mode":{"type":"string","enum":["a","b"]},
          "min":{"type":"integer","minimum":0},
          "n":{"type":"integer"},
          "name":{"type":"string","maxLength":5,"pattern":"^[a-z]+$"},
          "port":{"x-kubernetes-int-or-string":true},
          "size":{"type":"string","default":"small"},
          "when":{"type":"string","format":"date-time"},
          "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set","maxItems":3},
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"n":{"type":"integer"}}}},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
          "labels":{"type":"object","additionalProperties":{"type":"string"}}
        }}}}
        """)!.AsObject();

    private static List<string> Errors(string spec) =>
        [.. SchemaValidator.Validate(JsonNode.Parse($$"""{"spec":{{spec}}}"""), Schema(), "").Select(e => e.ToString())];

    [Fact]
    public void Type_errors_name_the_path_and_the_types()
    {
        Assert.Equal(["spec.n: Invalid value: \"string\": spec.n in body must be of type integer: \"string\""], Errors("""{"mode":"a","n":"x"}"""));
    }

    [Fact]
    public void Required_enum_minimum_length_and_pattern()
    {
        var errors = Errors("""{"mode":"x","min":-1,"name":"ABCDEFG"}""");
        Assert.Contains("spec.mode: Unsupported value: \"x\": supported values: \"a\", \"b\"", errors);
        Assert.Contains("spec.min: Invalid value: -1: spec.min in body should be greater than or equal to 0", errors);
        Assert.Contains("spec.name: Too long: may not be more than 5 bytes", errors);
        Assert.Contains("spec.name: Invalid value: \"ABCDEFG\": spec.name in body should match '^[a-z]+$'", errors);
        Assert.Equal(["spec.mode: Required value"], Errors("{}"));
    }

    [Fact]
    public void Int_or_string_takes_both_and_nothing_else()
    {
        Assert.Empty(Errors("""{"mode":"a","port":80}"""));
        Assert.Empty(Errors("""{"mode":"a","port":"http"}"""));
        Assert.Equal(["spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\""], Errors("""{"mode":"a","port":true}"""));
    }

    [Fact]
    public void List_types_refuse_duplicates()
    {
        Assert.Equal(["spec.tags[2]: Duplicate value: \"a\""], Errors("""{"mode":"a","tags":["a","b","a"]}"""));
        Assert.Equal(["spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"x\"}"], Errors("""{"mode":"a","ports":[{"name":"x","n":1},{"name":"x","n":2}]}"""));
        Assert.Equal(["spec.tags: Too many: 4: must have at most 3 items"], Errors("""{"mode":"a","tags":["a","b","c","d"]}"""));
    }

    [Fact]
    public void Formats_are_checked()
    {
        Assert.Empty(Errors("""{"mode":"a","when":"2024-01-02T03:04:05Z"}"""));
        Assert.Equal(["spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\""], Errors("""{"mode":"a","when":"yesterday"}"""));
    }

    [Fact]
    public void Pruning_drops_unknown_fields_but_keeps_preserved_ones_and_metadata()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"x/v1","kind":"W","metadata":{"name":"w"},"spec":{"mode":"a","foo":1,"free":{"any":{"thing":1}},"labels":{"k":"v"}},"extra":true}""")!.AsObject();
        var schema = Schema();
        // Upstream CRDs declare metadata as a bare object: it is still ObjectMeta, never pruned.
        schema["properties"]!["metadata"] = new JsonObject { ["type"] = "object" };
        var dropped = SchemaPruning.PruneObject(obj, schema);
        Assert.Equal(["spec.foo", "extra"], dropped);
        Assert.Equal(1, obj["spec"]!["free"]!["any"]!["thing"]!.GetValue<int>());
        Assert.Equal("w", obj["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("v", obj["spec"]!["labels"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Defaults_fill_missing_fields()
    {
        var obj = JsonNode.Parse("""{"spec":{"mode":"a"}}""")!.AsObject();
        SchemaDefaults.Apply(obj, Schema());
        Assert.Equal("small", obj["spec"]!["size"]!.GetValue<string>());
        var given = JsonNode.Parse("""{"spec":{"mode":"a","size":"large"}}""")!.AsObject();
        SchemaDefaults.Apply(given, Schema());
        Assert.Equal("large", given["spec"]!["size"]!.GetValue<string>());
    }

    [Fact]
    public void A_large_deeply_nested_schema_is_structural_and_validates()
    {
        // 120 levels deep, 40 properties a level: the size and nesting of upstream's largest CRDs and beyond.
        var leaf = new JsonObject { ["type"] = "string" };
        var node = leaf;
        JsonNode value = "v";
        for (var depth = 0; depth < 120; depth++)
        {
            var properties = new JsonObject { ["next"] = node };
            for (var i = 0; i < 40; i++) properties[$"field{i}"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 };
            node = new JsonObject { ["type"] = "object", ["properties"] = properties };
            value = new JsonObject { ["next"] = value, ["field1"] = 1 };
        }
        var root = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["spec"] = node } };
        var crd = Crd(root);
        var (definition, errors) = Definition.Read(crd, null);
        Assert.Empty(errors);
        Assert.NotNull(definition);
        Assert.Empty(SchemaValidator.Validate(new JsonObject { ["spec"] = value }, root, ""));
    }

    [Fact]
    public void Crd_validation_wants_one_storage_version_and_structural_schemas()
    {
        var crd = Crd(JsonNode.Parse("""{"type":"object","properties":{"spec":{"properties":{"a":{"type":"string"}}}}}""")!.AsObject());
        crd["spec"]!["versions"]!.AsArray()[0]!["storage"] = false;
        var (_, errors) = Definition.Read(crd, null);
        var text = errors.Select(e => e.ToString()).ToList();
        Assert.Contains("spec.versions: Invalid value: \"array\": must have exactly one version marked as storage version", text);
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields", text);
    }

    [Fact]
    public void Rules_that_do_not_compile_refuse_the_crd_and_failures_name_the_path_and_message()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":[{"rule":"self.min <= self.max","message":"min must not exceed max"}],"properties":{"min":{"type":"integer"},"max":{"type":"integer"}}}}}""")!.AsObject();
        Assert.Contains(Definition.Read(Crd(schema), null).Errors, e => e.Field.EndsWith("x-kubernetes-validations[0].rule", StringComparison.Ordinal));
        var bad = schema.DeepClone().AsObject();
        bad["properties"]!["spec"]!["x-kubernetes-validations"]![0]!["rule"] = "nonsense(";
        Assert.Contains(Definition.Read(Crd(bad), new TestRuleCompiler()).Errors, e => e.Message.Contains("compilation failed", StringComparison.Ordinal));

        var (definition, errors) = Definition.Read(Crd(schema), new TestRuleCompiler());
        Assert.Empty(errors);
        var custom = definition!.Types[0].Custom!;
        var failed = RuleValidator.Validate(JsonNode.Parse("""{"spec":{"min":5,"max":1}}"""), null, custom.Schema!, custom.Rules, "");
        Assert.Equal(["spec: Invalid value: \"object\": min must not exceed max"], failed.Select(e => e.ToString()));
        var unevaluable = RuleValidator.Validate(JsonNode.Parse("""{"spec":{"min":5}}"""), null, custom.Schema!, custom.Rules, "");
        Assert.Single(unevaluable);
    }

    internal static JsonObject Crd(JsonObject schema) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = "widgets.example.com" },
        ["spec"] = new JsonObject
        {
            ["group"] = "example.com",
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["plural"] = "widgets", ["kind"] = "Widget" },
            ["versions"] = new JsonArray(new JsonObject { ["name"] = "v1", ["served"] = true, ["storage"] = true, ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema.DeepClone() } }),
        },
    };
}
