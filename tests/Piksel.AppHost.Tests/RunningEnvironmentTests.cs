using Piksel.Hosting.Embedded;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;

namespace Piksel.AppHost.Tests;

/// <summary>
/// The end-to-end checks against the environment the Aspire app keeps up: another process's view of it (the
/// <c>embedded</c> provider over the endpoint the app model publishes, <see cref="RunningEnvironmentProvider"/>), as
/// plan, verify and the e2e suite reach a running AppHost. The other providers are not the AppHost's: they run in
/// tests/Piksel.EndToEnd.Tests with PIKSEL_PROVIDER.
/// </summary>
[Collection(AspireAppCollection.Name)]
public sealed class RunningEnvironmentTests(AspireAppFixture fixture)
{
    private static readonly EnvironmentSettings Settings = EnvironmentSettingsLoader.Load(Path.Combine(WorkDirectory.RepositoryRoot(), "env"), "local");

    [Theory]
    [InlineData("IRSA")]
    [InlineData("Secrets")]
    [InlineData("Database")]
    public async Task The_areas_checks_pass_through_the_endpoint_the_app_model_publishes(string area)
    {
        await using var provider = new RunningEnvironmentProvider(Settings, fixture.AwsEndpoint);
        var report = await new PlatformVerifier(provider, Settings).VerifyAsync(PikselPlatform.Define(Settings), null, TestContext.Current.CancellationToken);
        var checks = report.Results.Where(r => r.Area == area).ToList();
        Assert.NotEmpty(checks);
        Assert.Contains(checks, r => r.Outcome == CheckOutcome.Passed);
        // From another process the emulators' clock cannot move: those checks skip naming the capability, as in the e2e suite.
        var failed = checks.Where(r => r.Outcome == CheckOutcome.Failed || (r.Outcome == CheckOutcome.Skipped && !r.Detail.Contains("MovableClock", StringComparison.Ordinal)))
            .Select(r => $"{r.Subject} {r.Check}: {r.Outcome} {r.Detail}").ToList();
        Assert.True(failed.Count == 0, string.Join('\n', failed));
    }
}
