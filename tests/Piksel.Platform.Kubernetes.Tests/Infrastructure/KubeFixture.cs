using System.Text.RegularExpressions;
using k8s;
using Piksel.Emulator.Kubernetes;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Kubernetes.Handlers;

namespace Piksel.Platform.Kubernetes.Tests.Infrastructure;

/// <summary>
/// One in-process API server per collection, handlers pointed at it as cluster <see cref="ClusterName"/>. It must serve
/// the External Secrets kinds from the start (they are built in): when it does not, the fixture fails, and with it every
/// test of the collection, saying so.
/// </summary>
public sealed partial class KubeFixture : IAsyncLifetime
{
    /// <summary>The name the handlers know the server's cluster by.</summary>
    public const string ClusterName = "piksel-test-cluster";

    private KubeconfigClientSource source = null!;

    /// <summary>The API server.</summary>
    public KubeApiServer Server { get; private set; } = null!;

    /// <summary>A client of its own (the test's hands "behind the engine's back").</summary>
    public IKubernetes Client { get; private set; } = null!;

    /// <summary>What the handlers under test share: the server as cluster <see cref="ClusterName"/>.</summary>
    public KubernetesHandlerContext Context { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // External Secrets' and Karpenter's kinds are CRDs, installed as their charts would.
        Server = await KubeApiServer.CreateBuilder(new KubeApiServerOptions())
            .AddCustomResourceDefinitions(Piksel.Emulator.Aws.Eks.ExternalSecrets.ExternalSecretsCrds.Manifests)
            .AddCustomResourceDefinitions(Piksel.Emulator.Aws.Eks.Crds.PlatformCrds.Manifests)
            .StartAsync();
        source = new KubeconfigClientSource(ClusterName, Server.Kubeconfig);
        Context = new KubernetesHandlerContext(source, _ => ClusterName);
        Client = KubernetesClientFactory.FromKubeconfig(Server.Kubeconfig);
        var groups = await Client.Apis.GetAPIVersionsAsync();
        if (!groups.Groups.Any(g => g.Name == "external-secrets.io" && g.Versions.Any(v => v.Version == "v1")))
        {
            throw new InvalidOperationException(
                "The embedded API server does not serve external-secrets.io/v1 (ExternalSecret, ClusterSecretStore), which it "
                + "builds in from the start; discovery lists: " + string.Join(", ", groups.Groups.Select(g => g.Name)) + ".");
        }
    }

    /// <summary>The CA bundle of the server, base64 PEM, as its kubeconfig holds it.</summary>
    public string CertificateAuthorityData => CaData().Match(Server.Kubeconfig).Groups[1].Value;

    /// <summary>A unique, DNS-label-safe name.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        source.Dispose();
        await Server.DisposeAsync();
    }

    [GeneratedRegex(@"certificate-authority-data:\s*(\S+)")]
    private static partial Regex CaData();
}
