using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Tests.Watch;

/// <summary>A watch read as raw HTTP lines (with the admin client certificate), for asserting the wire format.</summary>
internal sealed class RawWatch : IDisposable
{
    private readonly HttpClient http;
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private RawWatch(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        this.http = http;
        this.response = response;
        this.reader = reader;
    }

    public HttpResponseMessage Response => response;

    /// <summary>An HTTP/2 client that presents the admin certificate and trusts the cluster CA.</summary>
    public static HttpClient Client(KubeApiServer server) => new(new SocketsHttpHandler
    {
        SslOptions =
        {
            ClientCertificates = [server.State.Certificates.AdminClient],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && server.State.Certificates.IsIssuedByCluster(new X509Certificate2(certificate)),
        },
    })
    {
        BaseAddress = server.Endpoint,
        DefaultRequestVersion = new Version(2, 0),
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<RawWatch> OpenAsync(KubeApiServer server, string pathAndQuery, CancellationToken cancellationToken)
    {
        var http = Client(server);
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        return new RawWatch(http, response, reader);
    }

    /// <summary>The next line (null at the end of the stream), within <paramref name="seconds"/>.</summary>
    public async Task<string?> LineAsync(double seconds = 10)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        return await reader.ReadLineAsync(timeout.Token);
    }

    /// <summary>The next event as JSON.</summary>
    public async Task<JsonObject> EventAsync(double seconds = 10) =>
        JsonNode.Parse(await LineAsync(seconds) ?? throw new EndOfStreamException("the watch ended"))!.AsObject();

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
        http.Dispose();
    }
}
