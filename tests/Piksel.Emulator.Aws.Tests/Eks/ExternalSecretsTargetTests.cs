using Amazon.Runtime;
using k8s;
using k8s.Models;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.SecretsManager;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.ExternalSecretsTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// When the operator syncs besides its refresh interval, as ESO does: a target Secret deleted or edited is written
/// again at once (the operator watches the Secrets it writes), and a restart does not re-read what was synced within
/// its interval (the ExternalSecret's status says when it was).
/// </summary>
public sealed class ExternalSecretsTargetTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "piksel-eso-" + Guid.NewGuid().ToString("N"));
    private readonly AWSCredentials root = new BasicAWSCredentials("test", "test");

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_deleted_or_edited_Secret_is_written_again_long_before_its_refresh_interval()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 }, cancellationToken: Ct);
        var (kube, _) = await PlatformAsync(emulator);
        using var _kube = kube;
        await CreateExternalSecretAsync(kube, "hourly");
        await EventuallyAsync(() => ValueAsync(kube, "hourly", Ct), v => v == "from-aws", Ct);

        await kube.CoreV1.DeleteNamespacedSecretAsync("hourly", "apps", cancellationToken: Ct);
        await EventuallyAsync(() => ValueAsync(kube, "hourly", Ct), v => v == "from-aws", Ct);

        await kube.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"data":{"value":"dGFtcGVyZWQ="}}""", V1Patch.PatchType.MergePatch), "hourly", "apps", cancellationToken: Ct);
        await EventuallyAsync(() => ValueAsync(kube, "hourly", Ct), v => v == "from-aws", Ct);
    }

    [Fact]
    public async Task A_restarted_operator_leaves_what_was_synced_within_its_interval()
    {
        string synced;
        await using (var first = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = directory }, cancellationToken: Ct))
        {
            var (kube, _) = await PlatformAsync(first);
            using var _kube = kube;
            await CreateExternalSecretAsync(kube, "hourly");
            synced = await EventuallyAsync(() => RefreshTimeAsync(kube, "hourly", Ct), t => t is not null, Ct) ?? "";
        }

        // Two minutes on: well inside the hour, and any sync now would stamp a different refreshTime.
        var later = new OffsetClock(TimeSpan.FromMinutes(2));
        await using var second = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = directory, TimeProvider = later, AllowedClockSkew = TimeSpan.FromMinutes(10) }, cancellationToken: Ct);
        using var eks = NewEks(second.Endpoint, root);
        var cluster = await eks.DescribeClusterAsync("eso-target", Ct);
        using var after = Kube(cluster, await TokenAsync(second.Endpoint, root, cluster.Name, later));
        // A new ExternalSecret synced after the restart: the operator has made its passes over the old one too.
        await CreateExternalSecretAsync(after, "probe");
        await EventuallyAsync(() => RefreshTimeAsync(after, "probe", Ct), t => t is not null, Ct);
        Assert.Equal(synced, await RefreshTimeAsync(after, "hourly", Ct));
        Assert.Equal("from-aws", await ValueAsync(after, "hourly", Ct));
    }

    [Fact]
    public async Task A_clock_that_moves_back_does_not_postpone_the_next_sync()
    {
        // The embedded provider moves "now" forward for a moment to check expired tokens, then back.
        var clock = new OffsetClock();
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromMinutes(30) }, cancellationToken: Ct);
        var (kube, _) = await PlatformAsync(emulator, clock);
        using var _kube = kube;
        await CreateExternalSecretAsync(kube, "fast", "1s");
        var before = await EventuallyAsync(() => RefreshTimeAsync(kube, "fast", Ct), t => t is not null, Ct);

        clock.Advance(TimeSpan.FromMinutes(11));
        var start = DateTimeOffset.Parse(before!, System.Globalization.CultureInfo.InvariantCulture);
        await EventuallyAsync(() => RefreshTimeAsync(kube, "fast", Ct), t => DateTimeOffset.Parse(t!, System.Globalization.CultureInfo.InvariantCulture) - start >= TimeSpan.FromMinutes(10), Ct); // synced while ahead
        clock.Advance(TimeSpan.FromMinutes(-11));

        // Due 1 s after a sync made 11 min "ahead": a change of the source still arrives within seconds, not 11 minutes.
        using var sm = new SecretsManagerClient(Options(emulator.Endpoint, root));
        await sm.PutSecretValueAsync("app/value", SecretValue.FromString("after-the-jump"), cancellationToken: Ct);
        await EventuallyAsync(() => ValueAsync(kube, "fast", Ct), v => v == "after-the-jump", Ct);
    }

    /// <summary>A cluster, its OIDC provider, the operator's role (reads every secret), the source secret and the store.</summary>
    private async Task<(k8s.Kubernetes Kube, string RoleArn)> PlatformAsync(AwsEmulator emulator, TimeProvider? clock = null)
    {
        using var iam = NewIam(emulator.Endpoint, root);
        using var eks = NewEks(emulator.Endpoint, root);
        using var sm = new SecretsManagerClient(Options(emulator.Endpoint, root));
        var cluster = await ActiveClusterAsync(eks, "eso-target", await ClusterRoleAsync(iam, "eks-role"));
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = cluster.OidcIssuer!, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var trust = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{provider}}"},"Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"{{cluster.OidcIssuer!["https://".Length..]}}:sub":"system:serviceaccount:{{Operator}}:{{Operator}}"} } }]}
            """;
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "eso", AssumeRolePolicyDocument = trust }, Ct);
        await iam.PutRolePolicyAsync("eso", "read", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""", Ct);
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = "app/value", Value = SecretValue.FromString("from-aws") }, Ct);
        var kube = Kube(cluster, await TokenAsync(emulator.Endpoint, root, cluster.Name, clock));
        await CreateStoreAsync(kube, role.Arn, Ct);
        return (kube, role.Arn);
    }

    private static Task<object> CreateExternalSecretAsync(k8s.Kubernetes kube, string name, string refreshInterval = "1h") =>
        kube.CustomObjects.CreateNamespacedCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Group}/{ApiVersion}",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name },
            ["spec"] = new
            {
                refreshInterval,
                secretStoreRef = new { kind = "ClusterSecretStore", name = Store },
                target = new { name, creationPolicy = "Owner" },
                data = new[] { new { secretKey = "value", remoteRef = new { key = "app/value" } } },
            },
        }, Group, ApiVersion, "apps", "externalsecrets", cancellationToken: Ct);
}
