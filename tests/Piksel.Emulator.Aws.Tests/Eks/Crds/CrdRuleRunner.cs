using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Crds;
using Piksel.Emulator.Kubernetes.Crds.Cel;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>
/// Runs a CRD's x-kubernetes-validations rules over an object the way the API server places them: each rule on the
/// value at its schema node (every item of an array, every value of a map), transition rules only where an old value
/// exists. Returns the messages of the rules that fail.
/// </summary>
internal static class CrdRuleRunner
{
    private static readonly CelRuleCompiler Compiler = new();

    public static List<(string Path, string Message)> Violations(JsonObject crd, JsonNode obj, JsonNode? old = null)
    {
        var root = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        var messages = new List<(string, string)>();
        Walk(root, "", obj, old, messages);
        return messages;
    }

    private static void Walk(JsonObject schema, string path, JsonNode? node, JsonNode? old, List<(string, string)> messages)
    {
        if (node is null)
        {
            return;
        }

        foreach (var rule in schema["x-kubernetes-validations"]?.AsArray() ?? [])
        {
            var compiled = Compiler.Compile(rule!["rule"]!.GetValue<string>(), schema);
            if (compiled.UsesOldSelf && old is null)
            {
                continue;
            }

            bool holds;
            try
            {
                holds = compiled.Evaluate(node, old);
            }
            catch (ValidationRuleException e)
            {
                messages.Add((path, "error: " + e.Message));
                continue;
            }

            if (!holds)
            {
                messages.Add((path, rule["message"]!.GetValue<string>()));
            }
        }

        if (node is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            var additional = schema["additionalProperties"] as JsonObject;
            foreach (var (key, value) in obj)
            {
                var child = properties?[key] as JsonObject ?? additional;
                if (child is not null)
                {
                    Walk(child, properties?[key] is null ? path + "[*]" : path + "." + key, value, (old as JsonObject)?[key], messages);
                }
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            foreach (var item in array)
            {
                Walk(items, path + "[*]", item, null, messages);
            }
        }
    }
}
