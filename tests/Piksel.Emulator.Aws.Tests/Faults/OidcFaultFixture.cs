using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Sts;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>
/// An emulator on a clock the tests move, with one EKS cluster whose OIDC issuer account 000000000000 trusts for an IRSA
/// role (<c>apps/reader</c>); account <see cref="Second"/> registers nothing yet, for tests that make their own provider.
/// </summary>
public sealed class OidcFaultFixture : IAsyncLifetime
{
    public static readonly AccountOptions Second = new("111111111111", "oidc-second", "oidc-second-secret");

    private k8s.Kubernetes? kube;

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public AwsEmulator Emulator { get; private set; } = null!;

    public EksCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's issuer, <c>https://oidc.eks.ap-southeast-3.amazonaws.com/id/…</c>.</summary>
    public string Issuer => Cluster.OidcIssuer!;

    /// <summary>The IRSA role of <c>system:serviceaccount:apps:reader</c> in account 000000000000.</summary>
    public string RoleArn { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = Clock, Accounts = [AccountOptions.Default, Second] });
        var root = FaultTestKit.Root;
        using var iam = NewIam(Emulator.Endpoint, root);
        using var eks = NewEks(Emulator.Endpoint, root);
        Cluster = await ActiveClusterAsync(eks, Unique("oidc-faults"), await ClusterRoleAsync(iam, Unique("eks-role")));
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = Issuer, ClientIds = ["sts.amazonaws.com"] }, Ct);
        RoleArn = (await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "reader", AssumeRolePolicyDocument = Trust(provider) }, Ct)).Arn;

        kube = Kube(Cluster, await TokenAsync(Emulator.Endpoint, root, Cluster.Name));
        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "apps" } }, cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "reader" } }, "apps", cancellationToken: Ct);
    }

    /// <summary>The IRSA trust of <c>apps/reader</c> on <paramref name="providerArn"/>.</summary>
    public string Trust(string providerArn) =>
        StsSeed.TrustWebIdentity(new Piksel.Emulator.Aws.Iam.OidcProviderRecord { AccountId = providerArn.Split(':')[4], Arn = providerArn, Url = Issuer, CreateDate = default },
            "system:serviceaccount:apps:reader");

    /// <summary>A projected token of <c>apps/reader</c>, as the pod identity webhook mounts it.</summary>
    public async Task<string> ServiceAccountTokenAsync() =>
        (await kube!.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["sts.amazonaws.com"], ExpirationSeconds = 3600 } },
            "reader", "apps", cancellationToken: Ct)).Status.Token;

    public async ValueTask DisposeAsync()
    {
        kube?.Dispose();
        await Emulator.DisposeAsync();
    }
}
