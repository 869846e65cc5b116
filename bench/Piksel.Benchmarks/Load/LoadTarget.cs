using System.Net;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// One kind of request that load workers send over and over on a shared <see cref="HttpClient"/>: each call builds
/// its request from pre-made parts, reads the whole answer into the worker's buffer and checks its status and size
/// against the first answer's.
/// </summary>
internal sealed class LoadTarget : IDisposable
{
    private readonly HttpClient http;
    private readonly Func<HttpRequestMessage> newRequest;
    private readonly int expectedLength;

    private LoadTarget(string name, HttpClient http, Func<HttpRequestMessage> newRequest, int expectedLength)
    {
        Name = name;
        this.http = http;
        this.newRequest = newRequest;
        this.expectedLength = expectedLength;
    }

    /// <summary>How the target is shown in the report.</summary>
    public string Name { get; }

    /// <summary>Size of the answer every call must get.</summary>
    public int ExpectedLength => expectedLength;

    /// <summary>A target whose expected answer is the one a first call gets (which must be a 200); takes ownership of <paramref name="http"/>.</summary>
    public static async Task<LoadTarget> CreateAsync(string name, HttpClient http, Func<HttpRequestMessage> newRequest)
    {
        using var request = newRequest();
        var body = await FetchAsync(http, request);
        return new LoadTarget(name, http, newRequest, body.Length);
    }

    /// <summary>The body of a 200 answer to <paramref name="request"/>; throws on any other status (without the body, which may hold a secret).</summary>
    public static async Task<byte[]> FetchAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} before the load started");
        return body;
    }

    /// <summary>Sends one request; null when the answer is 200 with the expected body size, else what came back.</summary>
    public async ValueTask<string?> SendAsync(byte[] buffer)
    {
        using var request = newRequest();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) length += read;
        if (response.StatusCode != HttpStatusCode.OK) return $"HTTP {(int)response.StatusCode}";
        return length == expectedLength ? null : $"a {length}-byte answer where {expectedLength} bytes were expected";
    }

    public void Dispose() => http.Dispose();
}
