using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// The API server's floor: a Kestrel HTTPS endpoint listening as the API server does (HTTP/1.1 and HTTP/2, a client
/// certificate asked for) that answers fixed bodies by path — the API server's own answers, captured beforehand.
/// </summary>
internal sealed class BareTlsKestrel : IAsyncDisposable
{
    private readonly WebApplication app;

    private BareTlsKestrel(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    /// <summary>https://127.0.0.1:port/</summary>
    public Uri Endpoint { get; }

    /// <summary>Listens on a free loopback port and answers each path in <paramref name="bodies"/> with its bytes (404 elsewhere).</summary>
    public static async Task<BareTlsKestrel> StartAsync(X509Certificate2 certificate, IReadOnlyDictionary<string, byte[]> bodies)
    {
        var answers = bodies.ToFrozenDictionary(StringComparer.Ordinal);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(http =>
        {
            if (!answers.TryGetValue(http.Request.Path.Value ?? "", out var body))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareTlsKestrel(app, new Uri($"https://127.0.0.1:{new Uri(address).Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
