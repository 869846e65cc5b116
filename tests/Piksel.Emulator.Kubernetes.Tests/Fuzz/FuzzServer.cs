using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>
/// One API server per fuzz class, over loopback HTTPS, with objects to aim at (namespace <c>fuzz</c>: ConfigMap, Secret
/// and Deployment <c>target</c>), and the check every fuzzed request must pass: an answer within
/// <see cref="FuzzSettings.RequestTimeout"/>, never a 5xx (but the API's own 504 for a too-large resourceVersion), and
/// every failure a Status whose code is the HTTP status.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    public KubeApiServer Server { get; private set; } = null!;

    /// <summary>Admin client; no client-side timeout (each request is bounded by its own).</summary>
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ResourceVersionWait = TimeSpan.FromMilliseconds(10) });
        Http = RawApi.Create(Server);
        Http.Timeout = Timeout.InfiniteTimeSpan;
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"fuzz"}}""", "application/json", HttpStatusCode.Created);
        await Server.SettleAsync();
        await ResetTargetsAsync();
    }

    /// <summary>Puts the targets back (a fuzzed patch or delete may have changed or removed them).</summary>
    public async Task ResetTargetsAsync()
    {
        foreach (var (path, body) in new[]
        {
            ("/api/v1/namespaces/fuzz/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","labels":{"app":"web"}},"data":{"a":"b"}}"""),
            ("/api/v1/namespaces/fuzz/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"target"},"data":{"k":"dmFsdWU="}}"""),
            ("/apis/apps/v1/namespaces/fuzz/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"target"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"""),
        })
        {
            await Http.DeleteAsync($"{path}/target", TestContext.Current.CancellationToken);
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await Http.PutAsync($"{path}/target", content, TestContext.Current.CancellationToken);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, string body, string contentType, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>
    /// Sends one fuzzed request and checks the answer; <paramref name="input"/> names the input in any failure. A 200 to a
    /// watch is not read (it streams until its timeout).
    /// </summary>
    public async Task CheckAsync(HttpRequestMessage request, string input)
    {
        // Fuzzed paths must never leave the loopback server (a "//name/…" path would name another host).
        var target = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : new Uri(Http.BaseAddress!, request.RequestUri!);
        if (!target.IsLoopback) throw new InvalidOperationException($"the fuzz test built a request for another host: {target} — input {input}");
        request.RequestUri = target;
        using var timeout = new CancellationTokenSource(FuzzSettings.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {FuzzSettings.RequestTimeout.TotalSeconds} s to {request.Method} {request.RequestUri}: {input}");
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"the connection failed for {request.Method} {request.RequestUri}: {input}", e);
        }
        using (response)
        {
            var code = (int)response.StatusCode;
            var watching = request.RequestUri?.Query.Contains("watch", StringComparison.OrdinalIgnoreCase) == true && code == 200;
            if (watching) return;
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"the answer did not end within {FuzzSettings.RequestTimeout.TotalSeconds} s for {request.Method} {request.RequestUri}: {input}");
            }
            // A HEAD answer has no body, by HTTP's rules.
            if (code < 400 || request.Method == HttpMethod.Head) return;
            var status = TryParse(text);
            if (code >= 500 && !IsTooLargeResourceVersion(status))
                throw new InvalidOperationException($"{code} for {request.Method} {request.RequestUri}: {text} — input {input}");
            if (status?["kind"]?.GetValue<string>() != "Status" || status["code"]?.GetValue<int>() != code || string.IsNullOrEmpty(status["message"]?.GetValue<string>()))
                throw new InvalidOperationException($"{code} without a Status for {request.Method} {request.RequestUri}: '{text}' — input {input}");
        }
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>kube-apiserver's one 5xx for client input: 504 Timeout "Too large resource version".</summary>
    private static bool IsTooLargeResourceVersion(JsonObject? status) =>
        status?["code"]?.GetValue<int>() == 504 && status["details"]?["causes"]?[0]?["reason"]?.GetValue<string>() == "ResourceVersionTooLarge";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
