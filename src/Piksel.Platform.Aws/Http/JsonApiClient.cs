using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Platform.Aws.Http;

/// <summary>
/// The awsJson protocols: POST / with X-Amz-Target, JSON in and out — 1.1 (Secrets Manager, KMS, SSM, EventBridge) and
/// 1.0 (SQS, whose errors carry their query-protocol code in <c>x-amzn-query-error</c>, preferred when present).
/// </summary>
public abstract class JsonApiClient : IDisposable
{
    private readonly HttpClient http;
    private readonly string targetPrefix;
    private readonly string contentType;

    /// <summary>
    /// A client for <paramref name="service"/> whose targets are <c>&lt;targetPrefix&gt;.&lt;Operation&gt;</c>, in
    /// awsJson <paramref name="jsonVersion"/> (<c>1.1</c> unless the service speaks 1.0).
    /// </summary>
    protected JsonApiClient(AwsClientOptions options, string service, string targetPrefix, string jsonVersion = "1.1")
    {
        ArgumentNullException.ThrowIfNull(options);
        this.targetPrefix = targetPrefix;
        contentType = $"application/x-amz-json-{jsonVersion}";
        http = new HttpClient(new AwsRetryHandler(new AwsSigningHandler(options.ResolveCredentials(), options.Region, service), options.MaxAttempts))
        {
            BaseAddress = options.EndpointFor(service) ?? new Uri($"https://{service}.{options.Region}.amazonaws.com/"),
        };
    }

    /// <summary>The string member <paramref name="name"/> of <paramref name="json"/>; null when absent or not a string.</summary>
    protected static string? Str(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Calls <paramref name="operation"/> with <paramref name="body"/> and returns the answer's JSON object.</summary>
    protected async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        if (!response.IsSuccessStatusCode)
        {
            var code = json["__type"]?.GetValue<string>() ?? (response.Headers.TryGetValues("x-amzn-ErrorType", out var h) ? h.First() : "Unknown");
            code = code[(code.LastIndexOf('#') + 1)..];
            if (code.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0) code = code[..colon];
            if (response.Headers.TryGetValues("x-amzn-query-error", out var query) && query.First().Split(';')[0] is { Length: > 0 } queryCode) code = queryCode;
            var message = json["message"]?.GetValue<string>() ?? json["Message"]?.GetValue<string>() ?? text;
            throw new AwsApiException(code, message, response.StatusCode,
                response.Headers.TryGetValues("x-amzn-RequestId", out var id) ? id.First() : null);
        }
        return json;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        http.Dispose();
        GC.SuppressFinalize(this);
    }
}
