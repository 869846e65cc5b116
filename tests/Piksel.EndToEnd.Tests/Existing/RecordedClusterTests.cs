using Piksel.Hosting.Clusters;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.EndToEnd.Tests.Existing;

/// <summary>
/// The recorded EKS kinds without any server: the record kept in a private file, the outputs EKS would report, the
/// errors EKS gives, and what destroy and drift rely on (what is recorded is what is read back; listing by tags).
/// </summary>
public sealed class RecordedClusterTests : IDisposable
{
    private const string Account = "000000000000";
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-records-").FullName;
    private readonly FakeSource source = new();
    private readonly AwsHandlerContext aws = new(new NoAws(), [Account]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ClusterRecordStore Store => new(Path.Combine(directory, "state"));

    [Fact]
    public async Task An_applied_cluster_reports_the_source_endpoint_ca_issuer_and_a_stable_security_group()
    {
        var handler = new RecordedClusterHandler(Store, aws, source);
        Assert.Null(await handler.ReadAsync(Cluster(), Ct));

        var outputs = await handler.ApplyAsync(Cluster(), null, Ct);

        Assert.Equal("arn:aws:eks:ap-southeast-3:000000000000:cluster/piksel-local", outputs[AwsResource.ArnOutput]);
        Assert.Equal("https://127.0.0.1:6443", outputs[EksCluster.EndpointOutput]);
        Assert.Equal(FakeSource.Ca, outputs[EksCluster.CertificateAuthorityOutput]);
        Assert.Equal("https://oidc.eks.ap-southeast-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", outputs[EksCluster.OidcIssuerOutput]);
        Assert.Matches("^sg-[0-9a-f]{17}$", outputs[EksCluster.ClusterSecurityGroupIdOutput]);

        // A new handler over the same file (the next plan) reads back what was recorded: no drift.
        var read = await new RecordedClusterHandler(Store, aws, source).ReadAsync(Cluster(), Ct);
        Assert.NotNull(read);
        Assert.Equal((Cluster().Name, Cluster().Version, Cluster().RoleArn, Cluster().EndpointPublicAccess), (read.State.Name, read.State.Version, read.State.RoleArn, read.State.EndpointPublicAccess));
        Assert.Equal(Cluster().Tags.OrderBy(t => t.Key), read.State.Tags.OrderBy(t => t.Key));
        Assert.Equal(outputs.OrderBy(o => o.Key), read.Outputs.OrderBy(o => o.Key));
        Assert.Equal(outputs[EksCluster.ClusterSecurityGroupIdOutput], (await handler.ApplyAsync(Cluster(), read, Ct))[EksCluster.ClusterSecurityGroupIdOutput]);
    }

    [Fact]
    public async Task The_record_is_a_private_file_under_the_state_directory()
    {
        await new RecordedClusterHandler(Store, aws, source).ApplyAsync(Cluster(), null, Ct);

        var file = Path.Combine(directory, "state", ClusterRecordStore.FileName);
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
    }

    [Fact]
    public async Task A_changed_cluster_reads_back_as_recorded_so_the_plan_sees_the_difference()
    {
        var handler = new RecordedClusterHandler(Store, aws, source);
        await handler.ApplyAsync(Cluster(), null, Ct);

        var read = await handler.ReadAsync(Cluster() with { Version = "1.34" }, Ct);

        Assert.Equal("1.33", read!.State.Version);
    }

    [Fact]
    public async Task An_addon_of_a_cluster_not_recorded_is_refused_as_EKS_refuses_it()
    {
        var addons = new RecordedAddonHandler(Store, aws);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => addons.ApplyAsync(Addon("coredns"), null, Ct));

        Assert.Equal("No cluster found for name: piksel-local.", e.Message);
        Assert.Null(await addons.ReadAsync(Addon("coredns"), Ct));
    }

    [Fact]
    public async Task Subresources_keep_the_arn_EKS_gave_them_and_go_with_their_cluster()
    {
        var clusters = new RecordedClusterHandler(Store, aws, source);
        var addons = new RecordedAddonHandler(Store, aws);
        var entries = new RecordedAccessEntryHandler(Store, aws);
        await clusters.ApplyAsync(Cluster(), null, Ct);
        var arn = (await addons.ApplyAsync(Addon("coredns"), null, Ct))[AwsResource.ArnOutput];
        var entryArn = (await entries.ApplyAsync(Entry(), null, Ct))[AwsResource.ArnOutput];

        Assert.Matches("^arn:aws:eks:ap-southeast-3:000000000000:addon/piksel-local/coredns/[0-9a-f-]{36}$", arn);
        Assert.Matches("^arn:aws:eks:ap-southeast-3:000000000000:access-entry/piksel-local/role/000000000000/piksel-local-admin/[0-9a-f-]{36}$", entryArn);
        Assert.Equal(arn, (await addons.ApplyAsync(Addon("coredns") with { AddonVersion = "v1.11.4-eksbuild.2" }, null, Ct))[AwsResource.ArnOutput]);
        Assert.Equal("v1.11.4-eksbuild.2", (await addons.ReadAsync(Addon("coredns"), Ct))!.State.AddonVersion);

        await clusters.DeleteAsync((await clusters.ReadAsync(Cluster(), Ct))!, Ct);

        Assert.Null(await clusters.ReadAsync(Cluster(), Ct));
        Assert.Null(await addons.ReadAsync(Addon("coredns"), Ct));
        Assert.Null(await entries.ReadAsync(Entry(), Ct));
    }

    [Fact]
    public async Task Destroy_finds_what_carries_the_environment_tags_and_nothing_else()
    {
        var clusters = new RecordedClusterHandler(Store, aws, source);
        var addons = new RecordedAddonHandler(Store, aws);
        await clusters.ApplyAsync(Cluster(), null, Ct);
        await addons.ApplyAsync(Addon("coredns"), null, Ct);
        await addons.ApplyAsync(Addon("vpc-cni") with { Tags = ManagementTags.For("dev") }, null, Ct);
        await addons.ApplyAsync(Addon("kube-proxy") with { Tags = new Dictionary<string, string>() }, null, Ct);

        var listed = await addons.ListManagedAsync("local", Ct);

        Assert.Equal("piksel-local/coredns", Assert.Single(listed).State.Name);
        await addons.DeleteAsync(listed[0], Ct);
        Assert.Empty(await addons.ListManagedAsync("local", Ct));
        Assert.Single(await addons.ListManagedAsync("dev", Ct));
    }

    [Fact]
    public async Task A_fargate_profile_without_selectors_is_refused()
    {
        await new RecordedClusterHandler(Store, aws, source).ApplyAsync(Cluster(), null, Ct);
        var profile = new EksFargateProfile
        {
            Name = "piksel-local/karpenter",
            Account = Account,
            ClusterName = "piksel-local",
            ProfileName = "karpenter",
            PodExecutionRoleArn = "arn:aws:iam::000000000000:role/fargate",
            SubnetIds = ["subnet-1"],
            Selectors = [],
        };

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new RecordedFargateProfileHandler(Store, aws).ApplyAsync(profile, null, Ct));

        Assert.Contains("between 1 and 5 selectors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_strategy_reaches_the_cluster_only_once_it_is_recorded()
    {
        var strategy = new RecordedClusterStrategy(source, Store);
        Assert.Equal(ClusterStrategyKind.Container, strategy.Kind);
        Assert.Null(await strategy.ConnectAsync("piksel-local", Ct));
        Assert.Null(await strategy.GetKubeconfigAsync("piksel-local", Ct));

        await new RecordedClusterHandler(Store, aws, source).ApplyAsync(Cluster(), null, Ct);

        Assert.Equal(new Uri("https://127.0.0.1:6443"), (await strategy.ConnectAsync("piksel-local", Ct))!.Server);
        Assert.Equal("piksel-local", (await strategy.GetKubeconfigAsync("piksel-local", Ct))!.ClusterName);
        Assert.Null(await strategy.ConnectAsync("another", Ct));
    }

    [Fact]
    public async Task A_record_file_that_is_not_json_is_refused_naming_the_file()
    {
        Directory.CreateDirectory(Path.Combine(directory, "state"));
        var file = Path.Combine(directory, "state", ClusterRecordStore.FileName);
        await File.WriteAllTextAsync(file, "{ not json", Ct);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new RecordedClusterHandler(Store, aws, source).ReadAsync(Cluster(), Ct));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Equal("{ not json", await File.ReadAllTextAsync(file, Ct));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        aws.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static EksCluster Cluster() => new()
    {
        Name = "piksel-local",
        Account = Account,
        Version = "1.33",
        RoleArn = "arn:aws:iam::000000000000:role/piksel-local-cluster",
        Tags = ManagementTags.For("local"),
        DependsOn = [new ResourceId("IamRole", "piksel-local-cluster")],
    };

    private static EksAddon Addon(string name) => new()
    {
        Name = $"piksel-local/{name}",
        Account = Account,
        ClusterName = "piksel-local",
        AddonName = name,
        Tags = ManagementTags.For("local"),
    };

    private static EksAccessEntry Entry() => new()
    {
        Name = "piksel-local/admin",
        Account = Account,
        ClusterName = "piksel-local",
        PrincipalArn = "arn:aws:iam::000000000000:role/piksel-local-admin",
        Tags = ManagementTags.For("local"),
        AccessPolicies = [new EksAccessPolicyAssociation("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "cluster", [])],
    };

    private sealed class FakeSource : IClusterSource
    {
        public const string Ca = "Q0EtUEVN";

        public ValueTask<KubernetesConnection> ConnectAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new KubernetesConnection(new Uri("https://127.0.0.1:6443/"), Ca, _ => ValueTask.FromResult(new SensitiveString("token"))));

        public ValueTask<ClusterKubeconfig> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new ClusterKubeconfig(clusterName, new Uri("https://127.0.0.1:6443/"), Ca, "admin", new ExecCredential("true", [], [])));

        public ValueTask<Uri> GetIssuerAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new Uri("https://oidc.eks.ap-southeast-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"));
    }

    // The recorded kinds of a cluster without subnets ask AWS nothing.
    private sealed class NoAws : IAwsAccess
    {
        public Uri? ServiceUrl => new("http://127.0.0.1:1");

        public string Region => "ap-southeast-3";

        public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No AWS call was expected.");
    }
}
