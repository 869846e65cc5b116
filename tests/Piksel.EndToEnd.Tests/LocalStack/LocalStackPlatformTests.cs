using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.LocalStack;

/// <summary>
/// The platform on LocalStack, k3s and PostgreSQL containers (where Docker runs): it applies, a plan after apply changes
/// nothing, the cluster's issuer is the one k3s was started with, and the database answers where the strategy says.
/// </summary>
public sealed class LocalStackPlatformTests
{
    [DockerFact]
    public async Task The_platform_applies_on_LocalStack_and_k3s_and_plans_clean_afterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = PlatformClients.LocalSettings() with { DatabaseEngineVersion = "16" };
        var state = Directory.CreateTempSubdirectory("piksel-localstack-test-").FullName;
        try
        {
            await using var provider = await LocalStackProvider.StartAsync(settings, state, ct);
            Assert.Equal(LocalStackProvider.LocalStackCapabilities, provider.Capabilities);
            Assert.False(provider.Capabilities.HasFlag(ProviderCapabilities.IamEnforcement), "LocalStack community does not enforce IAM");

            var engine = new PlatformEngine();
            var spec = PikselPlatform.Define(settings);
            var applied = await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: ct), provider, cancellationToken: ct);

            Assert.Equal(0, (await engine.PlanAsync(spec, provider, cancellationToken: ct)).DetailedExitCode);
            Assert.Equal((await provider.ClusterSource.GetIssuerAsync(ct)).ToString().TrimEnd('/'), applied.Outputs["cluster.oidcIssuer"].TrimEnd('/'));
            var names = new Piksel.Platform.Naming.PikselNames(settings.Name);
            Assert.NotNull(await provider.Cluster.ConnectAsync(names.Cluster, ct));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
