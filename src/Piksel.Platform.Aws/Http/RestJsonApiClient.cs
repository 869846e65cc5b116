using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Platform.Aws.Http;

/// <summary>The restJson1 protocol (EKS): the operation is the HTTP method and path, JSON in and out, the error code in <c>x-amzn-ErrorType</c>.</summary>
public abstract class RestJsonApiClient : IDisposable
{
    private readonly HttpClient http;

    /// <summary>A client for <paramref name="service"/> (signing name and public endpoint prefix).</summary>
    protected RestJsonApiClient(AwsClientOptions options, string service)
    {
        http = new HttpClient(new AwsRetryHandler(new AwsSigningHandler(options.ResolveCredentials(), options.Region, service), options.MaxAttempts))
        {
            BaseAddress = options.EndpointFor(service) ?? new Uri($"https://{service}.{options.Region}.amazonaws.com/"),
        };
    }

    /// <summary>A path from segments, each percent-encoded (ARNs travel as one segment: <c>arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx</c>).</summary>
    protected static string PathOf(params string[] segments) => "/" + string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>Sends one operation and returns the answer's JSON object; an error answer throws <see cref="AwsApiException"/>.</summary>
    protected async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body = null,
        IEnumerable<KeyValuePair<string, string?>>? query = null, CancellationToken cancellationToken = default)
    {
        var pairs = (query ?? []).Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}").ToList();
        using var request = new HttpRequestMessage(method, pairs.Count == 0 ? path : $"{path}?{string.Join('&', pairs)}");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject json;
        try { json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? []; }
        catch (JsonException) { json = []; }
        if (response.IsSuccessStatusCode) return json;

        var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var header) ? header.First()
            : json["code"]?.GetValue<string>() ?? json["__type"]?.GetValue<string>() ?? "Unknown";
        code = code[(code.LastIndexOf('#') + 1)..];
        if (code.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0) code = code[..colon];
        var message = json["message"]?.GetValue<string>() ?? json["Message"]?.GetValue<string>() ?? text;
        throw new AwsApiException(code, message, response.StatusCode,
            response.Headers.TryGetValues("x-amzn-RequestId", out var id) ? id.First() : null);
    }

    /// <summary>A restJson1 timestamp (epoch seconds).</summary>
    protected static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)) : null;

    /// <summary>A string member, or null.</summary>
    protected static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A list of strings (empty when absent).</summary>
    protected static IReadOnlyList<string> List(JsonNode? node) => node is JsonArray array ? [.. array.Select(Str).OfType<string>()] : [];

    /// <summary>A string map (empty when absent).</summary>
    protected static IReadOnlyDictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject map ? map.Where(p => Str(p.Value) is not null).ToDictionary(p => p.Key, p => Str(p.Value)!, StringComparer.Ordinal) : new Dictionary<string, string>();

    /// <summary>A JSON list of strings.</summary>
    protected static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>A JSON string map.</summary>
    protected static JsonObject StringMap(IReadOnlyDictionary<string, string> values) => new(values.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    /// <inheritdoc />
    public void Dispose()
    {
        http.Dispose();
        GC.SuppressFinalize(this);
    }
}
