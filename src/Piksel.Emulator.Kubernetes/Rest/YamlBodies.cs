using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// YAML request bodies (<c>application/yaml</c>, and server-side apply's <c>application/apply-patch+yaml</c>) turned into
/// JSON as sigs.k8s.io/yaml does over go-yaml: the first document only, scalars typed by YAML's core schema, a duplicate
/// key keeps its last value (and is reported for strict field validation). Built from the parser's events without
/// recursion, with go-yaml's guards: an alias inside its own anchor is refused, alias expansion is held to go-yaml's
/// ratio ("document contains excessive aliasing"), and nesting to <see cref="JsonBodies.MaxDepth"/>.
/// </summary>
public static class YamlBodies
{
    /// <summary>Nodes a document may decode to in all, aliases expanded (a 3 MiB body holds at most ~1.5 million).</summary>
    private const long MaxNodes = 1_600_000;

    /// <summary>Converts the first YAML document to JSON; null for an empty stream. Bad YAML throws <see cref="YamlBodyException"/>.</summary>
    public static JsonNode? ToJson(ReadOnlySpan<byte> yaml, List<string>? duplicates = null)
    {
        if (!Utf8.IsValid(yaml)) throw new YamlBodyException("yaml: invalid leading UTF-8 octet");
        return ToJson(Encoding.UTF8.GetString(yaml), duplicates);
    }

    /// <summary>Converts the first YAML document in <paramref name="yaml"/> to JSON; null for an empty stream.</summary>
    public static JsonNode? ToJson(string yaml, List<string>? duplicates = null)
    {
        try
        {
            return new Converter(new Parser(new StringReader(yaml)), duplicates).Run();
        }
        catch (YamlException e)
        {
            var line = e.Start.Line > 0 ? $"line {e.Start.Line.ToString(CultureInfo.InvariantCulture)}: " : "";
            throw new YamlBodyException($"yaml: {line}{Describe(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails this way on some malformed input: a plain scalar cut inside a flow collection
            // (InvalidOperationException), an escaped high surrogate without its low half (ArgumentOutOfRangeException).
            throw new YamlBodyException($"yaml: could not parse the document: {e.Message}");
        }
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet puts the position in front of its message: "(Line: 1, Col: 5, Idx: 4) - (…): While scanning…".
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var at = message.IndexOf("): ", StringComparison.Ordinal);
        return at >= 0 && message.StartsWith('(') ? message[(at + 3)..] : message;
    }

    /// <summary>The typed value of a plain scalar (YAML 1.2 core schema: null, bool, int, float, else string).</summary>
    private static JsonValue? Scalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str") return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && text.Any(char.IsDigit)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    /// <summary>One document's conversion: an explicit stack of open collections instead of recursion.</summary>
    private sealed class Converter(IParser parser, List<string>? duplicates)
    {
        private readonly Stack<Open> open = new();
        private readonly Dictionary<string, Anchored?> anchors = new(StringComparer.Ordinal);
        private long decoded;
        private long aliased;
        private JsonNode? root;
        private bool done;

        public JsonNode? Run()
        {
            while (!done && parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentEnd or StreamEnd:
                        done = true;
                        break;
                    case MappingStart m:
                        Start(new JsonObject(), m.Anchor, m.Start);
                        break;
                    case SequenceStart s:
                        Start(new JsonArray(), s.Anchor, s.Start);
                        break;
                    case MappingEnd or SequenceEnd:
                        End();
                        break;
                    case Scalar scalar:
                        if (TakesKey())
                        {
                            open.Peek().Key = KeyText(scalar);
                            Remember(scalar.Anchor, JsonValue.Create(scalar.Value), 1, 0);
                            break;
                        }
                        Count(1);
                        var value = Scalar(scalar);
                        Remember(scalar.Anchor, value, 1, 0);
                        Place(value, 0, scalar.Start);
                        break;
                    case AnchorAlias alias:
                        Alias(alias);
                        break;
                }
            }
            return root;
        }

        private bool TakesKey() => open.Count > 0 && open.Peek().Node is JsonObject && open.Peek().Key is null;

        private static string KeyText(Scalar scalar) =>
            scalar.Style is ScalarStyle.Plain && scalar.Value is "~" or "" ? "null" : scalar.Value;

        private void Start(JsonNode node, AnchorName anchor, Mark start)
        {
            if (TakesKey()) throw new YamlBodyException($"yaml: line {start.Line}: invalid map key: a mapping or sequence cannot be a key");
            if (open.Count >= JsonBodies.MaxDepth) throw new YamlBodyException($"yaml: line {start.Line}: exceeded max depth of {JsonBodies.MaxDepth}");
            Count(1);
            // The anchor is known, but not its value, until the collection ends: an alias to it inside is a cycle.
            if (!anchor.IsEmpty) anchors[anchor.Value] = null;
            open.Push(new Open(node, anchor, start, decoded));
        }

        private void End()
        {
            var closed = open.Pop();
            Remember(closed.Anchor, closed.Node, decoded - closed.DecodedBefore + 1, closed.Height + 1);
            Place(closed.Node, closed.Height + 1, closed.Start);
        }

        private void Remember(AnchorName anchor, JsonNode? node, long nodes, int height)
        {
            if (!anchor.IsEmpty) anchors[anchor.Value] = new Anchored(node, nodes, height);
        }

        private void Alias(AnchorAlias alias)
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
                throw new YamlBodyException($"yaml: line {alias.Start.Line}: unknown anchor '{alias.Value.Value}' referenced");
            if (anchored is null) throw new YamlBodyException($"yaml: anchor '{alias.Value.Value}' value contains itself");
            if (TakesKey())
            {
                open.Peek().Key = anchored.Node is JsonValue v ? v.ToJsonString().Trim('"') : throw new YamlBodyException($"yaml: line {alias.Start.Line}: invalid map key: a mapping or sequence cannot be a key");
                return;
            }
            // An alias nests its anchor's whole depth where it stands: aliases of aliases must not outgrow the limit.
            if (open.Count + anchored.Height > JsonBodies.MaxDepth)
                throw new YamlBodyException($"yaml: line {alias.Start.Line}: exceeded max depth of {JsonBodies.MaxDepth}");
            decoded += 1;
            aliased += anchored.Nodes;
            Count(anchored.Nodes);
            Place(anchored.Node?.DeepClone(), anchored.Height, alias.Start);
        }

        /// <summary>go-yaml's budget (decode.go allowedAliasRatio): past 100 aliased nodes and 1,000 in all, aliases may make up 99% of a document of up to 400,000 nodes, falling to 10% at 4,000,000.</summary>
        private void Count(long nodes)
        {
            decoded += nodes;
            var excessive = aliased > 100 && decoded > 1000 && (double)aliased / decoded > AllowedAliasRatio(decoded);
            if (excessive || (aliased > 0 && decoded > MaxNodes)) throw new YamlBodyException("yaml: document contains excessive aliasing");
        }

        private static double AllowedAliasRatio(long count) => count switch
        {
            <= 400_000 => 0.99,
            >= 4_000_000 => 0.10,
            _ => 0.99 - (0.89 * ((count - 400_000) / 3_600_000.0)),
        };

        private void Place(JsonNode? node, int height, Mark start)
        {
            if (open.Count == 0)
            {
                root = node;
                return;
            }
            var parent = open.Peek();
            parent.Height = Math.Max(parent.Height, height);
            if (parent.Node is JsonArray array)
            {
                array.Add(node);
                return;
            }
            var map = (JsonObject)parent.Node;
            var key = parent.Key!;
            parent.Key = null;
            if (key == "<<" && node is JsonObject or JsonArray)
            {
                Merge(map, node);
                return;
            }
            if (map.Remove(key)) duplicates?.Add($"line {start.Line}: key \"{key}\" already set in map");
            map[key] = node;
        }

        /// <summary>A merge key (<c>&lt;&lt;: *defaults</c>), as go-yaml merges it: the mapping's keys are set; of a list of mappings, the first wins.</summary>
        private static void Merge(JsonObject map, JsonNode node)
        {
            var sources = node is JsonArray list ? list.Reverse().ToList() : [node];
            foreach (var source in sources)
            {
                if (source is not JsonObject from) throw new YamlBodyException("yaml: map merge requires map or sequence of maps as the value");
                foreach (var (k, v) in from.ToList())
                {
                    from.Remove(k);
                    map[k] = v;
                }
            }
        }

        private sealed class Open(JsonNode node, AnchorName anchor, Mark start, long decodedBefore)
        {
            public JsonNode Node { get; } = node;
            public AnchorName Anchor { get; } = anchor;
            public Mark Start { get; } = start;
            public long DecodedBefore { get; } = decodedBefore;
            public string? Key { get; set; }

            /// <summary>How deep the collection's children reach below it.</summary>
            public int Height { get; set; }
        }

        private sealed record Anchored(JsonNode? Node, long Nodes, int Height);
    }
}
