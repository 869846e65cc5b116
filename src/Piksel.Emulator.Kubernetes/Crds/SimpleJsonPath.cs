using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// The JSONPath subset printer columns and scale paths use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*]</c>, escaped dots
/// (<c>.labels.app\.kubernetes\.io/name</c>) and one equality filter (<c>.conditions[?(@.type=="Ready")].status</c>).
/// </summary>
public static class SimpleJsonPath
{
    /// <summary>The values <paramref name="path"/> selects in <paramref name="root"/> (empty when nothing matches).</summary>
    public static List<JsonNode> Select(JsonNode? root, string path)
    {
        var current = new List<JsonNode>();
        if (root is not null) current.Add(root);
        foreach (var step in Steps(path.Trim().TrimStart('{').TrimEnd('}')))
        {
            var next = new List<JsonNode>();
            foreach (var node in current) Apply(node, step, next);
            current = next;
        }
        return current;
    }

    private static void Apply(JsonNode node, string step, List<JsonNode> next)
    {
        if (!step.StartsWith('['))
        {
            if (node is JsonObject o && o[step] is { } child) next.Add(child);
            return;
        }
        var inner = step[1..^1];
        if (node is not JsonArray array) return;
        if (inner == "*")
        {
            next.AddRange(array.OfType<JsonNode>());
        }
        else if (int.TryParse(inner, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            if (index < 0) index += array.Count;
            if (index >= 0 && index < array.Count && array[index] is { } item) next.Add(item);
        }
        else if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')') && inner.IndexOf("==", StringComparison.Ordinal) is var eq and > 0)
        {
            var field = inner[4..eq].Trim();
            var expected = inner[(eq + 2)..^1].Trim().Trim('"', '\'');
            next.AddRange(array.OfType<JsonObject>().Where(i => i[field]?.ToString() == expected));
        }
    }

    private static IEnumerable<string> Steps(string path)
    {
        var current = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' && i + 1 < path.Length) { current.Append(path[++i]); continue; }
            if (c == '.')
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                continue;
            }
            if (c == '[')
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                var end = path.IndexOf(']', i);
                if (end < 0) yield break;
                yield return path[i..(end + 1)];
                i = end;
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
