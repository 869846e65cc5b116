using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>kubectl commands that need the server's other parts: tokens, identity, namespace deletion, deployment status.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlPlatformTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Create_token_for_a_service_account(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("token");
        Ok(await kubectl.RunAsync("create", "serviceaccount", "robot", "-n", ns));
        var token = Ok(await kubectl.RunAsync("create", "token", "robot", "-n", ns, "--audience=sts.amazonaws.com", "--duration=1h")).Stdout.Trim();
        Assert.Equal(3, token.Split('.').Length);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Auth_whoami_names_the_admin(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        // 1.27's whoami is beta (authentication.k8s.io/v1beta1, falling back to v1alpha1); 1.28 on asks for v1.
        var result = Ok(await kubectl.RunAsync("auth", "whoami"));
        Assert.Matches(@"Username\s+\S+", result.Stdout);
        Assert.Contains("system:masters", result.Stdout, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Delete_namespace_finishes(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("gone");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "settings")));
        Prints(Ok(await kubectl.RunAsync("delete", "namespace", ns, "--timeout=30s")), $"namespace \"{ns}\" deleted");
        var missing = await kubectl.RunAsync("get", "namespace", ns);
        Assert.Contains($"namespaces \"{ns}\" not found", missing.Stderr, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Wait_for_a_deployment_to_be_available(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = $"avail-{Guid.NewGuid():N}"[..14];
        fixture.Track(ns);
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.App(ns)));
        Prints(Ok(await kubectl.RunAsync("wait", "deployment/web", "-n", ns, "--for=condition=Available", "--timeout=30s")), "deployment.apps/web condition met");
    }
}
