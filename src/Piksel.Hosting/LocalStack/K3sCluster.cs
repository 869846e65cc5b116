using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Hosting.Clusters;
using Piksel.Platform.Spec;
using Testcontainers.K3s;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// A k3s container (Testcontainers.K3s) whose API server issues service-account tokens under an OIDC issuer of EKS's
/// shape (<c>https://oidc.eks.&lt;region&gt;.amazonaws.com/id/&lt;32 hex&gt;</c>), so IRSA's trust policies name it as on
/// EKS, and accepts a static token of <c>system:masters</c> for the harness. Disposing it stops the container.
/// </summary>
public sealed class K3sCluster : IAsyncDisposable
{
    /// <summary>The k3s image, pinned (a Kubernetes minor EKS runs).</summary>
    public const string Image = "rancher/k3s:v1.31.5-k3s1";

    /// <summary>Where the static token file is copied in the container.</summary>
    private const string TokenFile = "/etc/piksel/tokens.csv";

    private readonly K3sContainer container;

    private K3sCluster(K3sContainer container, K3sClusterSource source, Uri issuer)
    {
        this.container = container;
        Source = source;
        Issuer = issuer;
    }

    /// <summary>The cluster, for the harness and a person's kubeconfig.</summary>
    public K3sClusterSource Source { get; }

    /// <summary>The issuer the API server was started with.</summary>
    public Uri Issuer { get; }

    /// <summary>An issuer of EKS's shape in <paramref name="region"/>, unique to one cluster.</summary>
    public static Uri NewIssuer(string region) =>
        new($"https://oidc.eks.{region}.amazonaws.com/id/{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}");

    /// <summary>
    /// The k3s server arguments giving the API server <paramref name="issuer"/> (its discovery document and JWKS
    /// under it), the audiences k3s uses by default, and the static token file; each as k3s takes kube-apiserver flags,
    /// <c>--kube-apiserver-arg=name=value</c>.
    /// </summary>
    public static IReadOnlyList<string> ApiServerArguments(Uri issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var root = issuer.ToString().TrimEnd('/');
        return
        [
            $"--kube-apiserver-arg=service-account-issuer={root}",
            $"--kube-apiserver-arg=service-account-jwks-uri={root}/openid/v1/jwks",
            "--kube-apiserver-arg=api-audiences=https://kubernetes.default.svc.cluster.local,k3s",
            $"--kube-apiserver-arg=token-auth-file={TokenFile}",
        ];
    }

    /// <summary>
    /// The CRDs installed once k3s is up, as the add-ons' charts would on EKS: the External Secrets Operator's (the
    /// platform's ExternalSecrets and ClusterSecretStore apply to them), Karpenter's (its NodePools and EC2NodeClasses) and
    /// Flux's. k3s has none of them; the embedded cluster builds the same set in.
    /// </summary>
    public static IReadOnlyList<JsonObject> CustomResourceDefinitions => [.. ExternalSecretsCrds.Definitions, .. PlatformCrds.All];

    /// <summary>The static token file line: the token names user <c>piksel-harness</c> in group <c>system:masters</c>.</summary>
    internal static string TokenFileLine(SensitiveString token) => $"{token.Reveal()},piksel-harness,piksel-harness,\"system:masters\"\n";

    /// <summary>Starts a k3s container for <paramref name="region"/> through the daemon at <paramref name="dockerEndpoint"/>.</summary>
    public static async Task<K3sCluster> StartAsync(string region, Uri dockerEndpoint, CancellationToken cancellationToken)
    {
        var issuer = NewIssuer(region);
        var token = new SensitiveString(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        var container = new K3sBuilder(Image)
            .WithDockerEndpoint(dockerEndpoint)
            // The module's command is `server --disable=traefik`; WithCommand appends to it.
            .WithCommand([.. ApiServerArguments(issuer)])
            .WithResourceMapping(Encoding.UTF8.GetBytes(TokenFileLine(token)), FilePath.Of(TokenFile), 0, 0, UnixFileModes.UserRead | UnixFileModes.UserWrite)
            .WithLabel("piksel.provider", "localstack")
            .Build();
        try
        {
            await container.StartAsync(cancellationToken);
            var kubeconfig = await container.GetKubeconfigAsync();
            var source = K3sClusterSource.FromKubeconfig(kubeconfig, token);
            try
            {
                await CrdInstaller.InstallAsync(source.Client, CustomResourceDefinitions, CrdInstaller.DefaultTimeout, TimeProvider.System, cancellationToken);
            }
            catch
            {
                source.Dispose();
                throw;
            }
            return new K3sCluster(container, source, issuer);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops and removes the container.</summary>
    public async ValueTask DisposeAsync()
    {
        Source.Dispose();
        await container.DisposeAsync();
    }
}
