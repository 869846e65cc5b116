using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Security;

namespace Piksel.Benchmarks.Kubernetes;

/// <summary>
/// In-process start-to-ready: <c>KubeApiServer.StartAsync</c> until <c>/readyz</c> answers over HTTPS, against a bare
/// Kestrel HTTPS endpoint (certificate made beforehand) until it answers, alternately in the same run. Cold (first in
/// process) and warm medians, their ratio, and what the server's own PKI costs.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task RunAsync(int rounds)
    {
        // Cold starts each in a fresh process, so neither pays for (or profits from) the other's JIT and loading.
        var coldServer = double.Parse(await ChildAsync("server"), CultureInfo.InvariantCulture);
        var coldBare = double.Parse(await ChildAsync("bare"), CultureInfo.InvariantCulture);
        Console.WriteLine($"cold start-to-ready (first in a fresh process): KubeApiServer {coldServer:F1} ms, bare Kestrel HTTPS {coldBare:F1} ms, ratio {coldServer / coldBare:F2}");
        Console.WriteLine($"cold breakdown (fresh process): {await ChildAsync("breakdown")}");

        using var bareCertificate = SelfSigned();

        var server = new List<double>();
        var bare = new List<double>();
        var pki = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            server.Add(await MeasureServerAsync());
            bare.Add(await MeasureBareAsync(bareCertificate));
            var clock = Stopwatch.StartNew();
            using (ClusterCertificates.LoadOrCreate(null, TimeProvider.System)) pki.Add(clock.Elapsed.TotalMilliseconds);
        }
        var s = KubeBenchmarks.Median(server);
        var b = KubeBenchmarks.Median(bare);
        Console.WriteLine($"warm start-to-ready (median of {rounds}): KubeApiServer {s:F1} ms, bare Kestrel HTTPS {b:F1} ms, ratio {s / b:F2} (goal: under 150 ms)");
        Console.WriteLine($"of which the cluster PKI (CA, serving and admin certificates, ECDSA P-256): median {KubeBenchmarks.Median(pki):F1} ms");
    }

    /// <summary>The child side: one cold measurement, printed.</summary>
    public static async Task ColdAsync(string what)
    {
        switch (what)
        {
            case "server":
                Console.WriteLine((await MeasureServerAsync()).ToString("F1", CultureInfo.InvariantCulture));
                break;
            case "bare":
                using (var certificate = SelfSigned()) Console.WriteLine((await MeasureBareAsync(certificate)).ToString("F1", CultureInfo.InvariantCulture));
                break;
            default:
                // Where a cold start goes: PKI, the catalog (loads KubernetesClient's models), Kestrel, the first request.
                var clock = Stopwatch.StartNew();
                using (ClusterCertificates.LoadOrCreate(null, TimeProvider.System)) { }
                var pki = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                _ = Piksel.Emulator.Kubernetes.Api.BuiltInResources.All.Count;
                var catalog = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                await using (var server = await KubeApiServer.StartAsync())
                {
                    var start = clock.Elapsed.TotalMilliseconds;
                    clock.Restart();
                    using var http = KubeBenchmarks.PinnedClient(server.State.Certificates.Serving);
                    using var response = await http.GetAsync(new Uri(server.Endpoint, "/readyz"));
                    Console.WriteLine($"PKI {pki:F1} ms, catalog {catalog:F1} ms, StartAsync (rest) {start:F1} ms, first HTTPS request {clock.Elapsed.TotalMilliseconds:F1} ms");
                }
                break;
        }
    }

    private static async Task<string> ChildAsync(string what)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        start.ArgumentList.Add("k8s-startup-cold");
        start.ArgumentList.Add(what);
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return output.Trim();
    }

    private static async Task<double> MeasureServerAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var server = await KubeApiServer.StartAsync();
        using var http = KubeBenchmarks.PinnedClient(server.State.Certificates.Serving);
        using var response = await http.GetAsync(new Uri(server.Endpoint, "/readyz"));
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> MeasureBareAsync(X509Certificate2 certificate)
    {
        var clock = Stopwatch.StartNew();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(certificate);
        }));
        builder.Services.AddRoutingCore();
        await using var app = builder.Build();
        app.Run(http => http.Response.WriteAsync("ok"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = KubeBenchmarks.PinnedClient(certificate);
        using var response = await http.GetAsync(new Uri(new Uri(address), "/readyz"));
        response.EnsureSuccessStatusCode();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await app.StopAsync();
        return elapsed;
    }

    /// <summary>A self-signed ECDSA P-256 certificate for 127.0.0.1, the bare HTTPS endpoints' own.</summary>
    internal static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(sans.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
    }
}
