using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using Piksel.Emulator.Kubernetes;

namespace Piksel.Benchmarks.Kubernetes;

/// <summary>
/// The Kubernetes API server's benchmarks, each a whole-run timing printed as figures and a ratio to its floor:
/// <c>k8s-list [count]</c>, <c>k8s-watch [watchers] [writes]</c>, <c>k8s-startup [rounds]</c>, <c>k8s-admission [pods]</c>.
/// </summary>
internal static class KubeBenchmarks
{
    public static Task RunAsync(string[] args)
    {
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        return args[0] switch
        {
            "k8s-list" => ListBenchmark.RunAsync(Arg(1, 10_000)),
            "k8s-watch" => WatchFanOutBenchmark.RunAsync(Arg(1, 100), Arg(2, 200)),
            "k8s-startup" => StartupBenchmark.RunAsync(Arg(1, 20)),
            "k8s-admission" => AdmissionBenchmark.RunAsync(Arg(1, 1000)),
            "k8s-startup-cold" => StartupBenchmark.ColdAsync(args.Length > 1 ? args[1] : "server"),
            _ => throw new ArgumentException($"unknown verb '{args[0]}': use k8s-list, k8s-watch, k8s-startup or k8s-admission"),
        };
    }

    /// <summary>A KubernetesClient from the server's admin kubeconfig (its own HTTP connection).</summary>
    public static k8s.Kubernetes ClientOf(KubeApiServer server)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    /// <summary>An HttpClient that trusts exactly <paramref name="serverCertificate"/> (and presents <paramref name="clientCertificate"/>).</summary>
    public static HttpClient PinnedClient(X509Certificate2 serverCertificate, X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null && (errors == SslPolicyErrors.None || certificate.GetCertHashString() == serverCertificate.Thumbprint);
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [clientCertificate];
        return new HttpClient(handler) { DefaultRequestVersion = new Version(2, 0) };
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
