using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The fixture's gating, without bringing a platform up: a failed apply fails every access to the platform with the
/// apply's error (nothing is skipped), and a target the suite does not run on starts nothing.
/// </summary>
public sealed class PlatformFixtureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_apply_fails_every_access_to_the_platform_with_the_apply_error()
    {
        var failure = new PlatformEngineException(
            "Apply",
            [new ResourceFailure(new ResourceId("EksCluster", "piksel-local"), "the cluster did not become ACTIVE", "TimeoutException", null, null)]);
        var provider = new StartedProvider();
        await using var fixture = new PlatformFixture(
            PlatformTarget.Parse("embedded"),
            (_, _) => Task.FromResult<IPlatformProvider>(provider),
            (_, _, _, _) => Task.FromException<ApplyResult>(failure));

        await fixture.InitializeAsync();

        Assert.Same(failure, fixture.ApplyFailure);
        AssertCarriesTheFailure(Assert.Throws<PlatformNotAppliedException>(() => fixture.Provider));
        AssertCarriesTheFailure(Assert.Throws<PlatformNotAppliedException>(() => fixture.Applied));
        AssertCarriesTheFailure(await Assert.ThrowsAsync<PlatformNotAppliedException>(() => fixture.KubernetesAsync(Ct)));
        var role = fixture.Spec.OfKind<Piksel.Platform.Spec.Aws.IamRole>().First();
        AssertCarriesTheFailure(Assert.Throws<PlatformNotAppliedException>(() => fixture.Resolved(role)));
        AssertCarriesTheFailure(Assert.Throws<PlatformNotAppliedException>(() => fixture.ArnOf(role)));

        await fixture.DisposeAsync();
        Assert.True(provider.Disposed, "the provider the failed apply ran on must still be disposed");

        void AssertCarriesTheFailure(PlatformNotAppliedException thrown)
        {
            Assert.Equal($"The platform did not apply: {failure.Message}", thrown.Message);
            Assert.Contains("the cluster did not become ACTIVE", thrown.Message, StringComparison.Ordinal);
            Assert.Same(failure, thrown.InnerException);
        }
    }

    [Fact]
    public async Task A_target_the_suite_does_not_run_on_starts_nothing_and_says_why()
    {
        await using var fixture = new PlatformFixture(
            PlatformTarget.Parse("localstack", () => false),
            (_, _) => throw new InvalidOperationException("the fixture must not start a provider here"),
            (_, _, _, _) => throw new InvalidOperationException("the fixture must not apply here"));

        await fixture.InitializeAsync();

        Assert.Null(fixture.ApplyFailure);
        var thrown = Assert.Throws<PlatformNotAppliedException>(() => fixture.Provider);
        Assert.Equal("The platform was not brought up: Docker is not running: PIKSEL_PROVIDER=localstack needs a Docker daemon (DOCKER_HOST, else /var/run/docker.sock); embedded needs nothing.", thrown.Message);
    }

    [Theory]
    [InlineData(null, "embedded")]
    [InlineData("", "embedded")]
    [InlineData("Embedded", "embedded")]
    public void Embedded_is_the_default_and_runs_everything(string? value, string kind)
    {
        var target = PlatformTarget.Parse(value);

        Assert.Equal(kind, target.Kind.ToString()!.ToLowerInvariant());
        Assert.Null(target.SkipReasonFor(PlatformCapability.None));
        Assert.Null(target.SkipReasonFor(PlatformCapability.MovableClock));
    }

    [Theory]
    [InlineData("aws", "PIKSEL_PROVIDER=aws: only the embedded provider is implemented so far.")]
    [InlineData("k3d", "PIKSEL_PROVIDER=k3d is not a provider; accepted values: embedded, localstack, aws.")]
    public void Other_targets_skip_with_the_reason(string value, string reason)
    {
        var target = PlatformTarget.Parse(value);

        Assert.Equal(reason, target.SkipReason);
        Assert.Equal(reason, target.SkipReasonFor(PlatformCapability.None));
        Assert.Equal(reason, target.SkipReasonFor(PlatformCapability.MovableClock));
    }

    [Fact]
    public void Localstack_without_Docker_skips_every_test_in_one_line_saying_Docker_is_not_running()
    {
        var target = PlatformTarget.Parse("localstack", () => false);

        Assert.Equal(ProviderKind.LocalStack, target.Kind);
        Assert.StartsWith("Docker is not running: ", target.SkipReason, StringComparison.Ordinal);
        Assert.Contains("embedded needs nothing", target.SkipReason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', target.SkipReason!);
        Assert.Equal(target.SkipReason, target.SkipReasonFor(PlatformCapability.None));
    }

    [Fact]
    public void Localstack_with_Docker_runs_what_needs_no_capability_and_skips_the_rest()
    {
        var target = PlatformTarget.Parse("localstack", () => true);

        Assert.Null(target.SkipReason);
        Assert.Null(target.SkipReasonFor(PlatformCapability.None));
        Assert.Equal("the localstack provider lacks MovableClock: its clock cannot move, and a service-account token lives at least 10 min.", target.SkipReasonFor(PlatformCapability.MovableClock));
    }

    /// <summary>A provider the fixture started; nothing of it is used, since the apply fails before.</summary>
    private sealed class StartedProvider : IPlatformProvider, IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ProviderKind Kind => ProviderKind.Embedded;


        public ProviderCapabilities Capabilities => ProviderCapabilities.None;

        public IAwsAccess Aws => throw new NotSupportedException();

        public IClusterStrategy Cluster => throw new NotSupportedException();

        public IDatabaseStrategy Database => throw new NotSupportedException();

        public ResourceHandlerRegistry Handlers => throw new NotSupportedException();

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
