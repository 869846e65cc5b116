using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

// Field selectors as k8s.io/apimachinery/pkg/fields parses them (=, ==, != with \-escapes), checked against the fields
// each kind's storage strategy exposes (GetAttrs / AddFieldLabelConversionFunc in pkg/apis/*/v1/conversion.go).
/// <summary>A field selector: <c>metadata.name=x</c>, <c>metadata.namespace!=y</c> and the per-kind fields (pods <c>spec.nodeName</c>, <c>status.phase</c>; secrets <c>type</c>…).</summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> requirements = [];
    private readonly Func<JsonObject, string, string>? read;

    private FieldSelector() { }

    private FieldSelector(IReadOnlyList<(string, bool, string)> requirements, Func<JsonObject, string, string> read)
    {
        this.requirements = requirements;
        this.read = read;
    }

    /// <summary>The field of a single-name selector (<c>metadata.name=x</c>), which kubectl wait/delete use; null otherwise.</summary>
    public string? SingleName => requirements is [("metadata.name", true, var v)] ? v : null;

    /// <summary>Matches everything.</summary>
    public static FieldSelector Everything { get; } = new();

    /// <summary>Parses the <c>fieldSelector</c> query parameter; unsupported fields are 400 as the real server answers.</summary>
    public static FieldSelector Parse(string? text, ResourceType type) => string.IsNullOrWhiteSpace(text) ? Everything : ParseCore(text, type);

    private static FieldSelector ParseCore(string text, ResourceType type)
    {
        var list = new List<(string, bool, string)>();
        foreach (var term in SplitTerms(text))
        {
            if (term.Length == 0) continue;
            var (field, equal, value) = ParseTerm(term) ?? throw StatusException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            if (!Supported(type).Contains(field)) throw StatusException.BadRequest($"field label not supported: {field}");
            list.Add((field, equal, value));
        }
        return list.Count == 0 ? Everything : new FieldSelector(list, Read);
    }

    /// <summary>True when the object satisfies every requirement.</summary>
    public bool Matches(StoredObject obj)
    {
        foreach (var (field, equal, value) in requirements)
            if ((read!(obj.View, field) == value) != equal) return false;
        return true;
    }

    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    /// <summary>The selectable fields per kind, as the real server registers them.</summary>
    private static IEnumerable<string> Supported(ResourceType type) => Common.Concat((type.Group, type.Kind) switch
    {
        ("", "Pod") => ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"],
        ("", "Secret") => ["type"],
        ("", "Event") => ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ("", "Namespace") => ["status.phase"],
        ("", "Node") => ["spec.unschedulable"],
        ("", "Service") => ["spec.clusterIP", "spec.type"],
        ("", "ReplicationController") => ["status.replicas"],
        ("apps", "ReplicaSet") => ["status.replicas"],
        ("batch", "Job") => ["status.successful"],
        ("certificates.k8s.io", "CertificateSigningRequest") => ["spec.signerName"],
        _ => [],
    });

    /// <summary>A field's value as the selector compares it (missing strings are "", booleans "true"/"false").</summary>
    private static string Read(JsonObject obj, string field)
    {
        switch (field)
        {
            case "spec.hostNetwork" or "spec.unschedulable":
                return obj["spec"]?[field[5..]]?.GetValue<bool>() == true ? "true" : "false";
            case "status.podIPs":
                return obj["status"]?["podIPs"] is JsonArray ips && ips.Count > 0 ? ips[0]?["ip"]?.GetValue<string>() ?? "" : "";
            case "source":
                return obj["source"]?["component"]?.GetValue<string>() ?? "";
            case "status.replicas" or "status.successful":
                return obj["status"]?[field[7..]]?.ToJsonString() ?? "0";
        }
        JsonNode? node = obj;
        foreach (var part in field.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : "";
    }

    /// <summary>Splits on unescaped commas (a value may contain <c>\,</c>).</summary>
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) { current.Append(text[i]).Append(text[++i]); continue; }
            if (text[i] == ',') { terms.Add(current.ToString()); current.Clear(); continue; }
            current.Append(text[i]);
        }
        terms.Add(current.ToString());
        return terms;
    }

    private static (string, bool, string)? ParseTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\') { i++; continue; }
            var (op, length) = term.AsSpan(i) switch
            {
                var s when s.StartsWith("!=") => ("!=", 2),
                var s when s.StartsWith("==") => ("==", 2),
                var s when s.StartsWith("=") => ("=", 1),
                _ => ("", 0),
            };
            if (length == 0) continue;
            var field = term[..i].Trim();
            var value = Unescape(term[(i + length)..]);
            if (field.Length == 0 || value is null) return null;
            return (field, op != "!=", value);
        }
        return null;
    }

    private static string? Unescape(string value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '=')) return null;
                result.Append(value[++i]);
                continue;
            }
            if (value[i] is '=' or ',') return null;
            result.Append(value[i]);
        }
        return result.ToString();
    }
}
