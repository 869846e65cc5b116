using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Kubernetes;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>Karpenter's and Flux's CRDs install into a server through the CRD machinery, with the CEL compiler checking their rules.</summary>
public sealed class PlatformCrdsServedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_platform_crd_installs_and_its_kinds_are_served()
    {
        var builder = KubeApiServer.CreateBuilder(new KubeApiServerOptions())
            .AddCustomResourceDefinitions(PlatformCrds.Manifests);
        await using var server = await builder.StartAsync(cancellationToken: Ct);

        foreach (var crd in PlatformCrds.Karpenter.Concat(PlatformCrds.Flux))
        {
            var spec = crd["spec"]!;
            var group = spec["group"]!.GetValue<string>();
            var plural = spec["names"]!["plural"]!.GetValue<string>();
            foreach (var version in spec["versions"]!.AsArray().Where(v => v!["served"]!.GetValue<bool>()))
                Assert.NotNull(server.State.Catalog.Find(group, version!["name"]!.GetValue<string>(), plural));
        }
    }
}
