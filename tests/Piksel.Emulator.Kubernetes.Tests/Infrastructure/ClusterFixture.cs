using System.Text;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Infrastructure;

/// <summary>One API server per collection (port 0), with a KubernetesClient built from its kubeconfig. Tests isolate by namespace.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public KubeApiServer Server { get; private set; } = null!;
    public IKubernetes Client { get; private set; } = null!;

    /// <summary>Path of the admin kubeconfig (for kubectl).</summary>
    public string KubeconfigPath { get; private set; } = "";

    private readonly List<(string Namespace, string? Test)> created = [];

    public async ValueTask InitializeAsync()
    {
        // External Secrets' kinds are CRDs, installed as the operator's chart would.
        Server = await KubeApiServer.CreateBuilder(new KubeApiServerOptions())
            .AddCustomResourceDefinitions(Piksel.Emulator.Aws.Eks.ExternalSecrets.ExternalSecretsCrds.Manifests)
            .StartAsync();
        KubeconfigPath = Path.Combine(Path.GetTempPath(), $"piksel-kubeconfig-{Guid.NewGuid():N}");
        Server.WriteKubeconfig(KubeconfigPath);
        Client = NewClient();
    }

    /// <summary>A fresh client from the kubeconfig.</summary>
    public IKubernetes NewClient()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Server.Kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    /// <summary>
    /// Creates a namespace with a unique name for one test. The namespaces of earlier tests are deleted first: their pods
    /// hold the node's pod slots (29 on the m5.large, as on EKS), and the collection's tests run one after another.
    /// </summary>
    public async Task<string> NewNamespaceAsync(string prefix)
    {
        await ClearEarlierTestsAsync();
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 63)].TrimEnd('-');
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        Track(name);
        // Let the namespace controller finish (default service account, kube-root-ca.crt) so every test starts from a
        // namespace as a real cluster hands it over, not one still being filled in.
        await Server.SettleAsync();
        return name;
    }

    /// <summary>Marks a namespace the test made itself (from a manifest) as the test's, so a later test clears it away.</summary>
    public void Track(string ns)
    {
        lock (created) created.Add((ns, TestContext.Current.Test?.UniqueID));
    }

    private async Task ClearEarlierTestsAsync()
    {
        var test = TestContext.Current.Test?.UniqueID;
        List<(string Namespace, string? Test)> earlier;
        lock (created)
        {
            earlier = [.. created.Where(c => c.Test != test)];
            created.RemoveAll(c => c.Test != test);
        }
        foreach (var (ns, _) in earlier)
        {
            try
            {
                await Client.CoreV1.DeleteNamespaceAsync(ns);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The test deleted it itself.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        File.Delete(KubeconfigPath);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "kube-api-server";
}
