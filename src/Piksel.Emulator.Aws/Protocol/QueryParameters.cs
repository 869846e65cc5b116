using System.Text;
using System.Web;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>
/// The parameters of an awsQuery request (form body and query string together), with the protocol's list and map
/// conventions: <c>Name.member.N</c> lists (1-based) and <c>Name.entry.N.key/value</c> maps.
/// </summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string> values;

    private QueryParameters(Dictionary<string, string> values) => this.values = values;

    /// <summary>Parses <c>application/x-www-form-urlencoded</c> text (the body) and the URL's query string.</summary>
    public static QueryParameters Parse(string? queryString, ReadOnlySpan<byte> formBody)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(values, queryString?.TrimStart('?'));
        if (!formBody.IsEmpty) Add(values, Encoding.UTF8.GetString(formBody));
        return new QueryParameters(values);
    }

    private static void Add(Dictionary<string, string> values, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = HttpUtility.UrlDecode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : HttpUtility.UrlDecode(pair[(eq + 1)..]);
            values[key] = value;
        }
    }

    /// <summary>All raw parameters.</summary>
    public IReadOnlyDictionary<string, string> All => values;

    /// <summary>The <c>Action</c> parameter.</summary>
    public string? Action => Get("Action");

    /// <summary>A parameter, or null.</summary>
    public string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;

    /// <summary>A parameter that must be there; absent answers <c>ValidationError</c> as AWS's query services do.</summary>
    public string Required(string name) =>
        Get(name) ?? throw new AwsServiceException("ValidationError",
            $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    /// <summary>An integer parameter, or null; not a number answers <c>ValidationError</c>.</summary>
    public int? GetInt(string name) =>
        Get(name) is not { } text ? null
        : int.TryParse(text, out var n) ? n
        : throw new AwsServiceException("ValidationError", $"Value '{text}' at '{name}' is not a valid integer.");

    /// <summary>A boolean parameter, or null.</summary>
    public bool? GetBool(string name) => Get(name) is { } text ? string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) : null;

    /// <summary>The list <c>prefix.member.1</c>, <c>prefix.member.2</c>… (stops at the first gap).</summary>
    public IReadOnlyList<string> GetList(string prefix)
    {
        var list = new List<string>();
        for (var i = 1; values.TryGetValue($"{prefix}.member.{i}", out var v); i++) list.Add(v);
        return list;
    }

    /// <summary>The structure list <c>prefix.member.N.field</c>: one dictionary of fields per member.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> GetStructList(string prefix)
    {
        var list = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 1; ; i++)
        {
            var head = $"{prefix}.member.{i}.";
            var fields = values.Where(kv => kv.Key.StartsWith(head, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[head.Length..], kv => kv.Value, StringComparer.Ordinal);
            if (fields.Count == 0) return list;
            list.Add(fields);
        }
    }
}
