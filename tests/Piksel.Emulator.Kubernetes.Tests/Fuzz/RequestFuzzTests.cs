using System.Text;
using CsCheck;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>Query strings and request paths fuzzed end to end: every verb, every answer a success or a Status, never a hang.</summary>
public sealed class RequestFuzzTests(FuzzServer fixture) : IClassFixture<FuzzServer>
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private static readonly string[] Resources =
    [
        "/api/v1/namespaces/fuzz/configmaps",
        "/api/v1/namespaces/fuzz/configmaps/target",
        "/api/v1/namespaces/fuzz/secrets/target",
        "/apis/apps/v1/namespaces/fuzz/deployments",
        "/apis/apps/v1/namespaces/fuzz/deployments/target/status",
        "/api/v1/pods",
        "/api/v1/namespaces/fuzz/serviceaccounts/default/token",
    ];

    [Fact]
    public async Task Every_query_string_is_answered()
    {
        var corpus = FuzzCorpus.Load("query-strings");
        foreach (var (name, bytes) in corpus.Entries)
            for (var i = 0; i < Resources.Length; i++) await SendAsync("GET", Resources[i], Encoding.UTF8.GetString(bytes), name);
        await Gen.Select(corpus.TextMutations(), Gen.Int[0, Methods.Length - 1], Gen.Int[0, Resources.Length - 1])
            .SampleAsync((query, m, r) => SendAsync(Methods[m], Resources[r], query, ""), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds,
                print: input => $"{Methods[input.Item2]} {Resources[input.Item3]}?{input.Item1}");
        await fixture.ResetTargetsAsync();
    }

    private Task SendAsync(string method, string resource, string query, string name)
    {
        // Watches end within a second: the timeout goes first, so a fuzzed one later cannot lengthen it past the check's.
        var bounded = "timeoutSeconds=1&" + EscapeLoose(query.Length > 16_000 ? query[..16_000] : query);
        var request = new HttpRequestMessage(new HttpMethod(method), $"{resource}?{bounded}");
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"},"data":{"q":"1"}}""", Encoding.UTF8,
                method == "PATCH" ? "application/merge-patch+json" : "application/json");
        }
        return fixture.CheckAsync(request, name.Length > 0 ? name : $"{method} {resource}?{query}");
    }

    /// <summary>Keeps the query's own structure (&amp;, =, %XX) but escapes what a URI cannot carry.</summary>
    private static string EscapeLoose(string query)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(query))
        {
            if (b is > 0x20 and < 0x7f && b is not (byte)'#' and not (byte)'"' and not (byte)'<' and not (byte)'>' and not (byte)'\\' and not (byte)'^' and not (byte)'`' and not (byte)'{' and not (byte)'|' and not (byte)'}')
                builder.Append((char)b);
            else
                builder.Append(FormattableString.Invariant($"%{b:X2}"));
        }
        return builder.ToString();
    }

    [Fact]
    public async Task Every_path_is_answered()
    {
        var corpus = FuzzCorpus.Load("paths");
        foreach (var (name, bytes) in corpus.Entries) await SendLineAsync(Encoding.UTF8.GetString(bytes), name);
        await corpus.TextMutations().SampleAsync(line => SendLineAsync(line, ""), seed: FuzzSettings.Seed, time: FuzzSettings.Seconds);
    }

    private Task SendLineAsync(string line, string name)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var method = space > 0 ? line[..space] : "GET";
        if (method.Length == 0 || !method.All(c => char.IsAsciiLetterUpper(c))) method = "GET";
        // An encoded NUL in a path is refused by Kestrel itself (an empty 400, as Go's server answers a malformed request
        // line in plain text): it never reaches the API, so the paths here do without it.
        // Leading slashes go last, so that "//host/…" (a reference to another host) can never be formed.
        var rest = (space > 0 ? line[(space + 1)..] : line).Replace("\0", "", StringComparison.Ordinal).Replace("%00", "", StringComparison.Ordinal).TrimStart('/', '\\');
        var path = "/" + EscapeLoose(rest.Length > 16_000 ? rest[..16_000] : rest);
        while (path.Contains("%00", StringComparison.Ordinal)) path = path.Replace("%00", "", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "timeoutSeconds=1");
        if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return fixture.CheckAsync(request, name.Length > 0 ? name : $"{method} {path}");
    }
}
