using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>
/// A server of its own for the bad-input tests (they create odd objects and large ones), a raw client for it, and a
/// short wait for future resourceVersions so those tests do not sit out kube-apiserver's 3 s.
/// </summary>
public sealed class HardeningServer : IAsyncLifetime
{
    /// <summary>The wait for a resourceVersion the store has not reached.</summary>
    public static readonly TimeSpan ResourceVersionWait = TimeSpan.FromMilliseconds(200);

    public KubeApiServer Server { get; private set; } = null!;

    /// <summary>Admin client with the cluster CA trusted.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A namespace the tests share (objects are named per test).</summary>
    public string Namespace { get; } = "hardening";

    public async ValueTask InitializeAsync()
    {
        Server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ResourceVersionWait = ResourceVersionWait });
        Http = RawApi.Create(Server);
        Http.Timeout = TimeSpan.FromSeconds(60);
        var created = await RawResponse.SendAsync(Http, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Namespace}}}"}}""");
        Assert.Equal(System.Net.HttpStatusCode.Created, created.Status);
        await Server.SettleAsync();
    }

    /// <summary>Asserts the server still answers (a bad request must not have taken it down).</summary>
    public async Task AssertAliveAsync(CancellationToken cancellationToken)
    {
        var answer = await RawResponse.SendAsync(Http, HttpMethod.Get, "/version", cancellationToken: cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
