using System.Text.RegularExpressions;
using k8s;
using Piksel.Emulator.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;

namespace Piksel.Platform.Kubernetes.Tests.Infrastructure;

/// <summary>One in-process API server per collection, handlers pointed at it as cluster <see cref="ClusterName"/>.</summary>
public sealed partial class KubeFixture : IAsyncLifetime
{
    public const string ClusterName = "piksel-test-cluster";

    private KubeconfigClientSource _source = null!;

    public KubeApiServer Server { get; private set; } = null!;

    /// <summary>A client of its own (the test's hands "behind the engine's back").</summary>
    public IKubernetes Client { get; private set; } = null!;

    public KubernetesHandlerContext Context { get; private set; } = null!;

    /// <summary>True when the server serves external-secrets.io (ExternalSecret, ClusterSecretStore).</summary>
    public bool ServesExternalSecrets { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Server = await KubeApiServer.StartAsync(new KubeApiServerOptions());
        _source = new KubeconfigClientSource(ClusterName, Server.Kubeconfig);
        Context = new KubernetesHandlerContext(_source, _ => ClusterName);
        Client = KubernetesClientFactory.FromKubeconfig(Server.Kubeconfig);
        var groups = await Client.Apis.GetAPIVersionsAsync();
        ServesExternalSecrets = groups.Groups.Any(g => g.Name == "external-secrets.io" && g.Versions.Any(v => v.Version == "v1"));
    }

    /// <summary>The CA bundle of the server, base64 PEM, as its kubeconfig holds it.</summary>
    public string CertificateAuthorityData => CaData().Match(Server.Kubeconfig).Groups[1].Value;

    /// <summary>Skips the calling test while the server does not serve the External Secrets kinds yet.</summary>
    public void RequireExternalSecrets()
    {
        if (!ServesExternalSecrets)
        {
            Assert.Skip("Waiting for the embedded API server to serve external-secrets.io/v1 (ExternalSecret, ClusterSecretStore).");
        }
    }

    /// <summary>A unique, DNS-label-safe name.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _source.Dispose();
        await Server.DisposeAsync();
    }

    [GeneratedRegex(@"certificate-authority-data:\s*(\S+)")]
    private static partial Regex CaData();
}

[CollectionDefinition(Name)]
public sealed class KubeCollection : ICollectionFixture<KubeFixture>
{
    public const string Name = "platform-kube";
}
