using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Tests.Cli;

/// <summary>`emulator kubernetes` as a user runs it: prints how to connect, writes a kubeconfig that works as it is,
/// stops on SIGTERM, keeps objects across a restart with --data-dir, and refuses bad options with one sentence.</summary>
public sealed class KubernetesEmulatorCommandTests : IDisposable
{
    private readonly string workDir = Path.Combine(Path.GetTempPath(), "piksel-k8s-cli-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string KubeconfigPath => Path.Combine(workDir, "kubeconfig");

    private string DataDir => Path.Combine(workDir, "data");

    public void Dispose()
    {
        if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
    }

    private k8s.Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(KubeconfigPath)));

    [Fact]
    public async Task Prints_how_to_connect_the_kubeconfig_works_and_SIGTERM_stops_it()
    {
        using var emulator = await KubernetesEmulatorProcess.StartAsync("--port", "0", "--kubeconfig", KubeconfigPath);
        Assert.Equal("https", emulator.Endpoint.Scheme);
        Assert.Equal("127.0.0.1", emulator.Endpoint.Host);
        using (var k = Client())
        {
            Assert.Equal(emulator.Endpoint.ToString().TrimEnd('/'), k.BaseUri.ToString().TrimEnd('/'));
            var namespaces = await k.CoreV1.ListNamespaceAsync(cancellationToken: Ct);
            Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
            // Karpenter's and Flux's kinds are served, as on a cluster where their charts are installed.
            var groups = (await k.Apis.GetAPIVersionsAsync(Ct)).Groups.Select(g => g.Name).ToList();
            Assert.Contains("karpenter.sh", groups);
            Assert.Contains("karpenter.k8s.aws", groups);
            Assert.Contains("kustomize.toolkit.fluxcd.io", groups);
        }
        Assert.Equal(0, await emulator.TerminateAsync());
        var output = emulator.AllOutput;
        Assert.Contains($"export KUBECONFIG={KubeconfigPath}", output, StringComparison.Ordinal);
        Assert.Matches(@"OIDC issuer: https://oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/id/[0-9A-F]{32}", output);
        Assert.Contains("Kubernetes emulator stopped.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("stderr:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_data_dir_objects_and_the_issuer_survive_a_restart()
    {
        string issuer;
        using (var first = await KubernetesEmulatorProcess.StartAsync("--port", "0", "--kubeconfig", KubeconfigPath, "--data-dir", DataDir))
        {
            using (var k = Client())
            {
                await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { Name = "kept" },
                    Data = new Dictionary<string, string> { ["answer"] = "42" },
                }, "default", cancellationToken: Ct);
            }

            Assert.Equal(0, await first.TerminateAsync());
            issuer = first.Output.Single(l => l.Contains("OIDC issuer:", StringComparison.Ordinal));
        }
        using var second = await KubernetesEmulatorProcess.StartAsync("--port", "0", "--kubeconfig", KubeconfigPath, "--data-dir", DataDir);
        using (var k = Client())
            Assert.Equal("42", (await k.CoreV1.ReadNamespacedConfigMapAsync("kept", "default", cancellationToken: Ct)).Data["answer"]);
        Assert.Contains(issuer, second.AllOutput, StringComparison.Ordinal);
        Assert.Equal(0, await second.TerminateAsync());
    }

    [Fact]
    public async Task Bad_options_fail_with_a_sentence_that_says_how_to_fix_them()
    {
        Directory.CreateDirectory(workDir);
        var file = Path.Combine(workDir, "a-file");
        await File.WriteAllTextAsync(file, "", Ct);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busyPort = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var (arguments, expected) in new[]
        {
            (new[] { "--port", "70000" }, "Port must be 0..65535"),
            (new[] { "--port", "0", "--data-dir", file }, "is a file; give a directory"),
            (new[] { "--port", "0", "--kubeconfig", workDir }, "is a directory; give a file path"),
            (new[] { "--port", busyPort, "--kubeconfig", KubeconfigPath }, $"port {busyPort} is already in use"),
        })
        {
            var (exitCode, error) = await KubernetesEmulatorProcess.RunAsync(arguments);
            Assert.Equal(2, exitCode);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
    }
}
