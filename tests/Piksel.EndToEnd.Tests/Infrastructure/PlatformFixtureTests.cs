using System.Reflection;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The fixture's gating, without bringing a platform up: a failed apply fails every access to the platform with the
/// apply's error (nothing is skipped); a target the suite does not run on starts nothing; each kind declares what it
/// proves, a skip names the provider and the missing capability, and the started provider's own declaration is held
/// to the table and to each test's needs.
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
        var provider = new StartedProvider(EmbeddedProvider.EmbeddedCapabilities);
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
            PlatformTarget.Parse("k3d"),
            (_, _) => throw new InvalidOperationException("the fixture must not start a provider here"),
            (_, _, _, _) => throw new InvalidOperationException("the fixture must not apply here"));

        await fixture.InitializeAsync();

        Assert.Null(fixture.ApplyFailure);
        var thrown = Assert.Throws<PlatformNotAppliedException>(() => fixture.Provider);
        Assert.Equal("The platform was not brought up: PIKSEL_PROVIDER=k3d is not a provider; accepted values: embedded, aws, existing, localstack.", thrown.Message);
    }

    [Fact]
    public void Every_kind_has_a_start()
    {
        // The constructor picks the kind's start: a kind without one would throw here.
        Assert.All(Enum.GetValues<ProviderKind>(), kind => Assert.NotNull(new PlatformFixture(PlatformTarget.Parse(kind.ToString(), () => true))));
    }

    [Fact]
    public void On_aws_the_fixture_applies_local_on_its_two_accounts_reaching_the_hub_through_its_role()
    {
        var local = PlatformClients.LocalSettings();
        var aws = new PlatformFixture(PlatformTarget.Parse("aws")).Settings;

        Assert.Equal(ProviderKind.Aws, aws.Provider);
        Assert.Null(aws.PublicDatasetsAccount);
        Assert.Equal("arn:aws:iam::000000000001:role/piksel-local-deployer", aws.HubRoleArn);
        Assert.Equal("piksel-local", aws.HubExternalId);
        // The rest is local's: the same accounts, names and resources, so every check of the suite means the same.
        Assert.Equal((local.Name, local.Account, local.HubAccount, local.Region, local.VpcCidr), (aws.Name, aws.Account, aws.HubAccount, aws.Region, aws.VpcCidr));
        var localIds = PlatformClients.LocalSpec().Resources.Select(r => r.Id).ToHashSet();
        var awsSpec = new PlatformFixture(PlatformTarget.Parse("aws")).Spec;
        Assert.Subset(localIds, awsSpec.Resources.Select(r => r.Id).ToHashSet());
        // What the suite's MemberData is built from (env/local's spec) is all there.
        Assert.Equal(PlatformClients.LocalSpec().OfKind<SecretsManagerSecret>().Select(s => s.Id), awsSpec.OfKind<SecretsManagerSecret>().Select(s => s.Id));
        Assert.Equal(PlatformClients.LocalSpec().OfKind<ExternalSecret>().Select(s => s.Id), awsSpec.OfKind<ExternalSecret>().Select(s => s.Id));
    }

    [Fact]
    public async Task The_aws_start_passes_the_account_guard_as_the_deployer_and_assumes_the_hub_role()
    {
        var settings = PlatformFixture.AwsSettings(PlatformClients.LocalSettings());
        await using var standIn = await AwsStandIn.StartAsync(settings, [], Ct);

        Assert.Equal(ProviderKind.Aws, standIn.Kind);
        Assert.Equal($"arn:aws:iam::{settings.Account}:user/{ImpersonatedAccounts.DeployerUser}", standIn.Inner.CallerArn);
        Assert.Equal(standIn.Emulator.Endpoint, standIn.Aws.ServiceUrl);
        var hub = await standIn.Aws.GetCredentialsAsync(settings.HubAccount, Ct);
        Assert.NotNull(hub.SessionToken);
        Assert.NotEqual(AwsStandIn.RootKeysOf(settings.HubAccount).GetCredentials().AccessKey, hub.AccessKeyId);
        Assert.Equal(PlatformTarget.Declared[ProviderKind.Aws], standIn.Capabilities & PlatformTarget.Declared[ProviderKind.Aws]);
    }

    [Theory]
    [InlineData(null, "embedded")]
    [InlineData("", "embedded")]
    [InlineData("Embedded", "embedded")]
    public void Embedded_is_the_default_and_runs_everything(string? value, string kind)
    {
        var target = PlatformTarget.Parse(value);

        Assert.Equal(kind, target.Kind.ToString()!.ToLowerInvariant());
        Assert.Equal(EmbeddedProvider.EmbeddedCapabilities, target.Capabilities);
        Assert.Null(target.SkipReasonFor(ProviderCapabilities.None));
        Assert.Null(target.SkipReasonFor(ProviderCapabilities.MovableClock));
        Assert.Null(target.SkipReasonFor(EmbeddedProvider.EmbeddedCapabilities));
    }

    [Fact]
    public void Each_kind_declares_what_it_proves_when_the_suite_runs_it()
    {
        const ProviderCapabilities Aws = ProviderCapabilities.IamEnforcement | ProviderCapabilities.WebIdentityVerification
            | ProviderCapabilities.RealDatabase | ProviderCapabilities.EksApi | ProviderCapabilities.NodeProvisioning;
        Assert.Equal(Enum.GetValues<ProviderKind>().Order(), PlatformTarget.Declared.Keys.Order());
        Assert.Equal(EmbeddedProvider.EmbeddedCapabilities, PlatformTarget.Declared[ProviderKind.Embedded]);
        Assert.Equal(Aws, PlatformTarget.Declared[ProviderKind.Aws]);
        // The existing provider's stand-in cluster runs no Karpenter.
        Assert.Equal(Aws & ~(ProviderCapabilities.EksApi | ProviderCapabilities.NodeProvisioning), PlatformTarget.Declared[ProviderKind.Existing]);
        Assert.Equal(
            ProviderCapabilities.RealDatabase | ProviderCapabilities.PodSecurity | ProviderCapabilities.NetworkPolicyEnforcement,
            PlatformTarget.Declared[ProviderKind.LocalStack]);
    }

    [Theory]
    [InlineData("localstack", ProviderCapabilities.IamEnforcement, "PIKSEL_PROVIDER=localstack: the localstack provider lacks IamEnforcement (its AWS does not refuse a call outside a role's policy).")]
    [InlineData("existing", ProviderCapabilities.EksApi | ProviderCapabilities.RealDatabase, "PIKSEL_PROVIDER=existing: the existing provider lacks EksApi (its cluster, add-ons, Fargate profiles and access entries are not EKS's).")]
    [InlineData("aws", ProviderCapabilities.MovableClock, "PIKSEL_PROVIDER=aws: the aws provider's clock cannot move here, and a token lives at least 10 min (lacks MovableClock).")]
    [InlineData(
        "aws",
        ProviderCapabilities.InProcessEmulators | ProviderCapabilities.IamEnforcement,
        "PIKSEL_PROVIDER=aws: the aws provider lacks InProcessEmulators (its AWS endpoint and API servers run outside this process).")]
    [InlineData("k3d", ProviderCapabilities.None, "PIKSEL_PROVIDER=k3d is not a provider; accepted values: embedded, aws, existing, localstack.")]
    public void A_skipped_test_names_the_provider_and_the_missing_capability(string value, ProviderCapabilities needs, string reason)
    {
        // Docker taken as running: what is measured is the capability, not this machine.
        Assert.Equal(reason, PlatformTarget.Parse(value, () => true).SkipReasonFor(needs));
    }

    [Fact]
    public void What_a_kind_proves_is_not_skipped()
    {
        Assert.All(PlatformTarget.Declared, d => Assert.Null(PlatformTarget.Parse(d.Key.ToString(), () => true).SkipReasonFor(d.Value)));
    }

    [Fact]
    public async Task A_provider_declaring_less_than_the_table_is_refused_before_anything_is_applied()
    {
        var declared = EmbeddedProvider.EmbeddedCapabilities & ~(ProviderCapabilities.IamEnforcement | ProviderCapabilities.MovableClock);
        var applies = 0;
        await using var fixture = new PlatformFixture(
            PlatformTarget.Parse("embedded"),
            (_, _) => Task.FromResult<IPlatformProvider>(new StartedProvider(declared)),
            (_, _, _, _) =>
            {
                applies++;
                return Task.FromResult(Applied());
            });

        await fixture.InitializeAsync();

        Assert.Equal(0, applies);
        var thrown = Assert.Throws<PlatformNotAppliedException>(() => fixture.ProviderFor(ProviderCapabilities.None));
        Assert.StartsWith("The platform was not brought up: PIKSEL_PROVIDER=embedded: the suite's table says the provider proves ", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("the embedded provider lacks IamEnforcement", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("(lacks MovableClock)", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_whose_needs_the_provider_does_not_declare_is_refused_the_provider()
    {
        var provider = new StartedProvider(EmbeddedProvider.EmbeddedCapabilities);
        await using var fixture = new PlatformFixture(
            PlatformTarget.Parse("embedded"),
            (_, _) => Task.FromResult<IPlatformProvider>(provider),
            (_, _, _, _) => Task.FromResult(Applied()));
        await fixture.InitializeAsync();

        Assert.Same(provider, fixture.ProviderFor(ProviderCapabilities.IamEnforcement | ProviderCapabilities.RealDatabase));
        // This test's own attribute needs nothing: the running test's Provider is handed out.
        Assert.Same(provider, fixture.Provider);
        var refused = Assert.Throws<InvalidOperationException>(() => fixture.ProviderFor(ProviderCapabilities.RealDatabase | ProviderCapabilities.PodSecurity));
        Assert.Equal(
            "This test needs RealDatabase, PodSecurity, which the provider does not declare: "
            + "the embedded provider lacks PodSecurity (its API server does not admit pods through Pod Security admission).",
            refused.Message);
    }

    [Fact]
    public void Localstack_without_Docker_skips_every_test_in_one_line_saying_Docker_is_not_running()
    {
        var target = PlatformTarget.Parse("localstack", () => false);

        Assert.Equal(ProviderKind.LocalStack, target.Kind);
        Assert.StartsWith("Docker is not running: ", target.SkipReason, StringComparison.Ordinal);
        Assert.Contains("embedded needs nothing", target.SkipReason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', target.SkipReason!);
        Assert.Equal(target.SkipReason, target.SkipReasonFor(ProviderCapabilities.None));
    }

    [Fact]
    public void Localstack_with_Docker_runs_what_it_proves_and_skips_the_rest()
    {
        var target = PlatformTarget.Parse("localstack", () => true);

        Assert.Null(target.SkipReason);
        Assert.Null(target.SkipReasonFor(ProviderCapabilities.RealDatabase));
        Assert.NotNull(target.SkipReasonFor(ProviderCapabilities.IamEnforcement));
    }

    [Fact]
    public void Every_test_on_the_shared_platform_states_its_needs_through_a_platform_attribute()
    {
        var tests = typeof(PlatformFixture).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CollectionAttribute>() is { } c && c.Name == PlatformCollection.Name)
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes<FactAttribute>().Any()).Select(m => (Type: t, Method: m)))
            .ToList();

        Assert.NotEmpty(tests);
        Assert.All(tests, t => Assert.True(
            t.Method.GetCustomAttributes().OfType<IPlatformNeeds>().Any(),
            $"{t.Type.Name}.{t.Method.Name} is a plain [Fact]/[Theory]: say what it needs with [PlatformFact]/[PlatformTheory]."));
    }

    private static ApplyResult Applied() => new()
    {
        Done = new Dictionary<ResourceId, ChangeKind>(),
        ResourceOutputs = new Dictionary<ResourceId, IReadOnlyDictionary<string, string>>(),
        Outputs = new Dictionary<string, string>(),
        Elapsed = TimeSpan.Zero,
    };

    /// <summary>A provider the fixture started, declaring <paramref name="capabilities"/>; nothing else of it is used.</summary>
    private sealed class StartedProvider(ProviderCapabilities capabilities) : IPlatformProvider, IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ProviderKind Kind => ProviderKind.Embedded;

        public ProviderCapabilities Capabilities => capabilities;

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
