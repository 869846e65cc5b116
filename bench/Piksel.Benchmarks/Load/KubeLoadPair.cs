using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Piksel.Benchmarks.Kubernetes;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// The Kubernetes pair: the in-process API server with a namespace of 100 ConfigMaps, and a bare Kestrel HTTPS
/// endpoint answering the same two paths with the API server's own answers (same bytes). Both are called over TLS
/// with the admin client certificate (the kubeconfig's, as kubectl presents it) on HTTP/2, as client-go negotiates it.
/// </summary>
internal sealed class KubeLoadPair : IAsyncDisposable
{
    private const string Namespace = "bench-load";
    private const int ConfigMaps = 100;

    private readonly KubeApiServer server;
    private readonly BareTlsKestrel bare;
    private readonly X509Certificate2 bareCertificate;
    private readonly LoadTarget[] targets;

    private KubeLoadPair(KubeApiServer server, BareTlsKestrel bare, X509Certificate2 bareCertificate, LoadTarget[] targets)
    {
        this.server = server;
        this.bare = bare;
        this.bareCertificate = bareCertificate;
        this.targets = targets;
    }

    /// <summary>GET of one ConfigMap from the bare endpoint.</summary>
    public LoadTarget GetBaseline => targets[0];

    /// <summary>GET of one ConfigMap from the API server.</summary>
    public LoadTarget GetSubject => targets[1];

    /// <summary>LIST of the namespace from the bare endpoint.</summary>
    public LoadTarget ListBaseline => targets[2];

    /// <summary>LIST of the namespace from the API server.</summary>
    public LoadTarget ListSubject => targets[3];

    /// <summary>Starts the API server, fills the namespace, waits for the controllers to settle, then starts the bare endpoint with the captured answers.</summary>
    public static async Task<KubeLoadPair> StartAsync()
    {
        var server = await KubeApiServer.StartAsync();
        using (var k = KubeBenchmarks.ClientOf(server))
        {
            await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
            for (var i = 0; i < ConfigMaps; i++) await k.CoreV1.CreateNamespacedConfigMapAsync(ListBenchmark.ConfigMap(i), Namespace);
        }
        // The controllers see every create; measure once they have caught up, not the background work beside it.
        await server.SettleAsync(TimeSpan.FromMinutes(1));

        var certificates = server.State.Certificates;
        var getPath = $"/api/v1/namespaces/{Namespace}/configmaps/{ListBenchmark.ConfigMap(0).Metadata.Name}";
        var listPath = $"/api/v1/namespaces/{Namespace}/configmaps";
        byte[] getAnswer;
        byte[] listAnswer;
        using (var probe = Client(certificates.Serving, certificates.AdminClient))
        {
            using (var get = Get(new Uri(server.Endpoint, getPath))) getAnswer = await LoadTarget.FetchAsync(probe, get);
            using (var list = Get(new Uri(server.Endpoint, listPath))) listAnswer = await LoadTarget.FetchAsync(probe, list);
        }
        var bareCertificate = StartupBenchmark.SelfSigned();
        var bare = await BareTlsKestrel.StartAsync(bareCertificate, new Dictionary<string, byte[]> { [getPath] = getAnswer, [listPath] = listAnswer });

        async Task<LoadTarget> Target(string name, Uri endpoint, X509Certificate2 serving, string path)
        {
            var uri = new Uri(endpoint, path);
            return await LoadTarget.CreateAsync(name, Client(serving, certificates.AdminClient), () => Get(uri));
        }
        LoadTarget[] targets =
        [
            await Target($"bare Kestrel TLS: the same {getAnswer.Length:N0} B answer", bare.Endpoint, bareCertificate, getPath),
            await Target($"API server: GET one ConfigMap ({getAnswer.Length:N0} B)", server.Endpoint, certificates.Serving, getPath),
            await Target($"bare Kestrel TLS: the same {listAnswer.Length:N0} B answer", bare.Endpoint, bareCertificate, listPath),
            await Target($"API server: LIST {ConfigMaps} ConfigMaps ({listAnswer.Length:N0} B)", server.Endpoint, certificates.Serving, listPath),
        ];
        return new KubeLoadPair(server, bare, bareCertificate, targets);
    }

    private static HttpClient Client(X509Certificate2 serving, X509Certificate2 clientCertificate)
    {
        var http = KubeBenchmarks.PinnedClient(serving, clientCertificate);
        http.Timeout = TimeSpan.FromSeconds(30);
        return http;
    }

    private static HttpRequestMessage Get(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in targets) target.Dispose();
        await bare.DisposeAsync();
        bareCertificate.Dispose();
        await server.DisposeAsync();
    }
}
