using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.SecretsManager;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.ExternalSecretsTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// The emulated External Secrets Operator on a cluster from the EKS API: it authenticates through IRSA (the store's
/// service account, its role, STS), reads Secrets Manager under that role's policy, and keeps each Kubernetes Secret
/// equal to its source.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ExternalSecretsTests(EmulatorFixture fixture)
{

    [Fact]
    public async Task Secrets_follow_their_source_within_the_refresh_interval_and_least_privilege_holds()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var sm = new SecretsManagerClient(Options(Endpoint(fixture), fixture.RootCredentials));
        var cluster = await ActiveClusterAsync(eks, Unique("eso"), await ClusterRoleAsync(iam, Unique("eks-role")));
        var hostPath = cluster.OidcIssuer!["https://".Length..];
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = cluster.OidcIssuer!, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var trust = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{provider}}"},"Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"{{hostPath}}:sub":"system:serviceaccount:{{Operator}}:{{Operator}}","{{hostPath}}:aud":"sts.amazonaws.com"} } }]}
            """;
        var roleName = Unique("eso-role");
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = trust }, Ct);
        await iam.PutRolePolicyAsync(roleName, "read-local", """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:piksel/local/*"}]}
            """, Ct);

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var plain = $"piksel/local/plain-{suffix}";
        var json = $"piksel/local/json-{suffix}";
        var outside = $"piksel/other/outside-{suffix}";
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = plain, Value = SecretValue.FromString("first") }, Ct);
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = json, Value = SecretValue.FromString("""{"username":"piksel","password":"p@ss","port":5432}""") }, Ct);
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = outside, Value = SecretValue.FromString("not-for-you") }, Ct);

        using var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
        await CreateStoreAsync(kube, role.Arn, Ct);
        // The store controller validates each store (its credentials obtained through IRSA) and says so, as kubectl shows it.
        var store = await EventuallyAsync(() => StoreStatusAsync(kube, Store), s => s.Ready is not null, Ct);
        Assert.Equal(("True", "Valid", "store validated", "ReadWrite"), (store.Ready, store.Reason, store.Message, store.Capabilities));
        await kube.CustomObjects.CreateClusterCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Group}/{ApiVersion}",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "no-account" },
            ["spec"] = new { provider = new { aws = new { service = "SecretsManager", region = Region, auth = new { jwt = new { serviceAccountRef = new { name = "nobody", @namespace = Operator } } } } } },
        }, Group, ApiVersion, "clustersecretstores", cancellationToken: Ct);
        var broken = await EventuallyAsync(() => StoreStatusAsync(kube, "no-account"), s => s.Ready is not null, Ct);
        Assert.Equal(("False", "ValidationFailed", "unable to validate store"), (broken.Ready, broken.Reason, broken.Message));

        await CreateExternalSecretAsync(kube, "app", "1s", new object[]
        {
            new { secretKey = "value", remoteRef = new { key = plain } },
            new { secretKey = "db-user", remoteRef = new { key = json, property = "username" } },
        }, dataFrom: [new { extract = new { key = json } }]);
        await CreateExternalSecretAsync(kube, "forbidden", "1s", [new { secretKey = "value", remoteRef = new { key = outside } }]);
        // Literal and templated keys beside the fetched ones (target.template.data with mergePolicy Merge), as the
        // platform writes db-password (db_name, username literal; password fetched).
        await CreateExternalSecretAsync(kube, "templated", "1s", [new { secretKey = "password", remoteRef = new { key = json, property = "password" } }],
            template: new { mergePolicy = "Merge", data = new Dictionary<string, string> { ["db_name"] = "piksel", ["url"] = "postgres://piksel:{{ .password }}@db:5432/piksel" } });

        // The Secret equals its source: the plain value, a JSON property, and the JSON object spread by dataFrom.extract.
        var secret = await EventuallyAsync(() => SecretAsync(kube, "app"), s => s is not null, Ct);
        Assert.Equal("Opaque", secret!.Type);
        Assert.Equal("first", Text(secret, "value"));
        Assert.Equal("piksel", Text(secret, "db-user"));
        Assert.Equal("piksel", Text(secret, "username"));
        Assert.Equal("p@ss", Text(secret, "password"));
        Assert.Equal("5432", Text(secret, "port"));
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal(("ExternalSecret", "app", true), (owner.Kind, owner.Name, owner.Controller ?? false));
        var ready = await EventuallyAsync(() => ReadyAsync(kube, "app"), c => c?.Status == "True", Ct);
        Assert.Equal("SecretSynced", ready!.Reason);

        var templated = await EventuallyAsync(() => SecretAsync(kube, "templated"), t => t is not null, Ct);
        Assert.Equal("p@ss", Text(templated!, "password"));
        Assert.Equal("piksel", Text(templated!, "db_name"));
        Assert.Equal("postgres://piksel:p@ss@db:5432/piksel", Text(templated!, "url"));

        // A new version of the source reaches the Secret within the refresh interval.
        await sm.PutSecretValueAsync(plain, SecretValue.FromString("second"), cancellationToken: Ct);
        await EventuallyAsync(() => SecretAsync(kube, "app"), s => s is not null && Text(s, "value") == "second", Ct);

        // A secret outside the role's scope: Ready False with the AWS error, and no Secret (the value never shows).
        var denied = await EventuallyAsync(() => ReadyAsync(kube, "forbidden"), c => c?.Status == "False", Ct);
        Assert.Equal("SecretSyncedError", denied!.Reason);
        Assert.Contains("AccessDenied", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-for-you", denied.Message, StringComparison.Ordinal);
        Assert.Null(await SecretAsync(kube, "forbidden"));

        // Deleting the ExternalSecret removes the Secret it owns (garbage collection).
        await kube.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, ApiVersion, "apps", "externalsecrets", "app", cancellationToken: Ct);
        await EventuallyAsync(() => SecretAsync(kube, "app"), s => s is null, Ct);

        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    private static Task<object> CreateExternalSecretAsync(k8s.Kubernetes kube, string name, string refresh, object[] data, object[]? dataFrom = null, object? template = null) =>
        kube.CustomObjects.CreateNamespacedCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Group}/{ApiVersion}",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name },
            ["spec"] = new Dictionary<string, object>
            {
                ["refreshInterval"] = refresh,
                ["secretStoreRef"] = new { kind = "ClusterSecretStore", name = "aws" },
                ["target"] = template is null ? new { name, creationPolicy = "Owner" } : new { name, creationPolicy = "Owner", template },
                ["data"] = data,
                ["dataFrom"] = dataFrom ?? [],
            },
        }, Group, ApiVersion, "apps", "externalsecrets", cancellationToken: Ct);

    private static async Task<V1Secret?> SecretAsync(k8s.Kubernetes kube, string name)
    {
        try { return await kube.CoreV1.ReadNamespacedSecretAsync(name, "apps", cancellationToken: Ct); }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { return null; }
    }

    private sealed record Condition(string? Status, string? Reason, string Message);

    private static async Task<Condition?> ReadyAsync(k8s.Kubernetes kube, string name)
    {
        var es = (JsonElement)await kube.CustomObjects.GetNamespacedCustomObjectAsync(Group, ApiVersion, "apps", "externalsecrets", name, cancellationToken: Ct);
        if (!es.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions)) return null;
        foreach (var c in conditions.EnumerateArray())
        {
            if (c.GetProperty("type").GetString() == "Ready")
                return new Condition(c.GetProperty("status").GetString(), c.GetProperty("reason").GetString(), c.GetProperty("message").GetString() ?? "");
        }

        return null;
    }

    private sealed record StoreStatus(string? Ready, string? Reason, string? Message, string? Capabilities);

    private static async Task<StoreStatus> StoreStatusAsync(k8s.Kubernetes kube, string name)
    {
        var store = (JsonElement)await kube.CustomObjects.GetClusterCustomObjectAsync(Group, ApiVersion, "clustersecretstores", name, cancellationToken: Ct);
        if (!store.TryGetProperty("status", out var status)) return new(null, null, null, null);
        var capabilities = status.TryGetProperty("capabilities", out var c) ? c.GetString() : null;
        foreach (var condition in status.TryGetProperty("conditions", out var conditions) ? conditions.EnumerateArray() : default)
        {
            if (condition.GetProperty("type").GetString() == "Ready")
                return new(condition.GetProperty("status").GetString(), condition.GetProperty("reason").GetString(), condition.GetProperty("message").GetString(), capabilities);
        }

        return new(null, null, null, capabilities);
    }

    private static string Text(V1Secret secret, string key) =>
        secret.Data is not null && secret.Data.TryGetValue(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : "<missing>";
}
