using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>One raw answer: status, body text, headers; with the checks every bad-input test makes.</summary>
internal sealed record RawResponse(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)
{
    /// <summary>Sends <paramref name="body"/> (text or bytes) with <paramref name="contentType"/>; reads the whole answer.</summary>
    public static async Task<RawResponse> SendAsync(HttpClient http, HttpMethod method, string path, object? body = null, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var content = new ByteArrayContent(body as byte[] ?? Encoding.UTF8.GetBytes((string)body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Content = content;
        }
        using var response = await http.SendAsync(request, cancellationToken);
        return new RawResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers);
    }

    /// <summary>The body as JSON.</summary>
    public JsonObject Json => JsonNode.Parse(Body) as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {Body}");

    /// <summary>The Status message.</summary>
    public string Message => Json["message"]?.GetValue<string>() ?? "";

    /// <summary>Asserts a failure Status with <paramref name="code"/> and <paramref name="reason"/>, its code matching the HTTP status.</summary>
    public RawResponse AssertStatus(HttpStatusCode code, string reason)
    {
        Assert.True(code == Status, $"expected {(int)code}, got {(int)Status}: {Body}");
        var json = Json;
        Assert.Equal("Status", json["kind"]?.GetValue<string>());
        Assert.Equal("Failure", json["status"]?.GetValue<string>());
        Assert.Equal(reason, json["reason"]?.GetValue<string>());
        Assert.Equal((int)code, json["code"]?.GetValue<int>());
        return this;
    }

    /// <summary>The Warning headers (none when absent).</summary>
    public IReadOnlyList<string> Warnings => Headers.TryGetValues("Warning", out var values) ? [.. values] : [];
}
