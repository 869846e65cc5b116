using Amazon.Runtime;
using k8s;
using k8s.Models;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.SecretsManager;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.ExternalSecretsTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// The emulated External Secrets Operator keeps its STS session (ESO's AWS session cache) instead of assuming the
/// store's role on every sync: one session while it is good, a new one shortly before it expires or once it stops
/// working. Without that the sessions table grew by one row per ExternalSecret per refresh, forever.
/// </summary>
public sealed class ExternalSecretsSessionTests
{

    [Fact]
    public async Task One_session_serves_every_sync_until_it_nears_expiry_or_stops_working()
    {
        var clock = new OffsetClock();
        // Clients sign with the real clock; a wide skew lets the emulator's clock run ahead of them.
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromHours(2) }, cancellationToken: Ct);
        var root = new BasicAWSCredentials("test", "test");
        using var iam = NewIam(emulator.Endpoint, root);
        using var eks = NewEks(emulator.Endpoint, root);
        using var sm = new SecretsManagerClient(Options(emulator.Endpoint, root));
        var cluster = await ActiveClusterAsync(eks, "sessions", await ClusterRoleAsync(iam, "eks-role"));
        var hostPath = cluster.OidcIssuer!["https://".Length..];
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = cluster.OidcIssuer!, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var trust = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{provider}}"},"Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"{{hostPath}}:sub":"system:serviceaccount:{{Operator}}:{{Operator}}"} } }]}
            """;
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";
        async Task<Role> RoleAsync()
        {
            var created = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "eso", AssumeRolePolicyDocument = trust }, Ct);
            await iam.PutRolePolicyAsync("eso", "read", policy, Ct);
            return created;
        }
        var role = await RoleAsync();
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = "app/value", Value = SecretValue.FromString("v1") }, Ct);

        var kube = Kube(cluster, await TokenAsync(emulator.Endpoint, root, cluster.Name, clock));
        await CreateStoreAsync(kube, role.Arn, Ct);
        foreach (var name in new[] { "a", "b" })
        {
            await kube.CustomObjects.CreateNamespacedCustomObjectAsync(new Dictionary<string, object>
            {
                ["apiVersion"] = $"{Group}/{ApiVersion}",
                ["kind"] = "ExternalSecret",
                ["metadata"] = new Dictionary<string, object> { ["name"] = name },
                ["spec"] = new
                {
                    refreshInterval = "1s",
                    secretStoreRef = new { kind = "ClusterSecretStore", name = Store },
                    target = new { name, creationPolicy = "Owner" },
                    data = new[] { new { secretKey = "value", remoteRef = new { key = "app/value" } } },
                },
            }, Group, ApiVersion, "apps", "externalsecrets", cancellationToken: Ct);
        }

        int SessionsOf(string roleId) => emulator.State.Credentials.Sessions.Items.Count(s => s.Value.RoleId == roleId);

        // Several refreshes of two ExternalSecrets, one session.
        var seen = new HashSet<string>();
        await EventuallyAsync(async () => { if (await RefreshTimeAsync(kube, "a", Ct) is { } t) seen.Add(t); return seen.Count; }, n => n >= 3, Ct);
        Assert.Equal(1, SessionsOf(role.RoleId));

        // Five minutes before the session expires (it lasts an hour), the next sync assumes the role again.
        clock.Advance(TimeSpan.FromMinutes(56));
        kube.Dispose();
        kube = Kube(cluster, await TokenAsync(emulator.Endpoint, root, cluster.Name, clock));
        await EventuallyAsync(() => Task.FromResult(SessionsOf(role.RoleId)), n => n == 2, Ct);

        // A session that stops working (its role replaced: same name, new id) is dropped, and the syncs recover with a new one.
        await iam.DeleteRolePolicyAsync("eso", "read", Ct);
        await iam.DeleteRoleAsync("eso", Ct);
        var replaced = await RoleAsync();
        await sm.PutSecretValueAsync("app/value", SecretValue.FromString("v2"), cancellationToken: Ct);
        await EventuallyAsync(() => ValueAsync(kube, "b", Ct), v => v == "v2", Ct);
        Assert.Equal(1, SessionsOf(replaced.RoleId));
        kube.Dispose();
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }
}
