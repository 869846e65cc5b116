using System.Text.Json.Nodes;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

/// <summary>The ESO v1 shapes, without a server: what the handlers send and how they read it back.</summary>
public sealed class EsoManifestsTests
{
    internal static ExternalSecret Secret(string ns = "odc", string environment = "test") => new()
    {
        Name = "odc-db",
        Namespace = ns,
        Cluster = "piksel-test-cluster",
        StoreName = "piksel-test-secrets",
        RefreshInterval = TimeSpan.FromSeconds(90),
        Labels = new Dictionary<string, string> { [ManagementTags.EnvironmentLabel] = environment },
        Keys =
        [
            ExternalSecretKey.Of("host", "db.database.svc"),
            ExternalSecretKey.Remote("username", "piksel/test/db/odc", "username"),
            ExternalSecretKey.Remote("password", "piksel/test/db/odc", "password"),
            ExternalSecretKey.Remote("token", "piksel/test/token"),
        ],
    };

    [Fact]
    public void ExternalSecret_manifest_has_the_ESO_v1_shape()
    {
        var manifest = EsoManifests.ExternalSecretManifest(Secret());

        Assert.Equal("external-secrets.io/v1", manifest["apiVersion"]!.GetValue<string>());
        Assert.Equal("ExternalSecret", manifest["kind"]!.GetValue<string>());
        Assert.Equal("odc", manifest["metadata"]!["namespace"]!.GetValue<string>());
        var spec = manifest["spec"]!;
        Assert.Equal("1m30s", spec["refreshInterval"]!.GetValue<string>());
        Assert.Equal("piksel-test-secrets", spec["secretStoreRef"]!["name"]!.GetValue<string>());
        Assert.Equal("ClusterSecretStore", spec["secretStoreRef"]!["kind"]!.GetValue<string>());
        Assert.Equal("odc-db", spec["target"]!["name"]!.GetValue<string>());
        Assert.Equal("Merge", spec["target"]!["template"]!["mergePolicy"]!.GetValue<string>());
        Assert.Equal("db.database.svc", spec["target"]!["template"]!["data"]!["host"]!.GetValue<string>());
        var data = spec["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.Equal("username", data[0]!["secretKey"]!.GetValue<string>());
        Assert.Equal("piksel/test/db/odc", data[0]!["remoteRef"]!["key"]!.GetValue<string>());
        Assert.Equal("username", data[0]!["remoteRef"]!["property"]!.GetValue<string>());
        Assert.Null(data[2]!["remoteRef"]!["property"]);
    }

    [Fact]
    public void ExternalSecret_without_literals_has_no_template()
    {
        var secret = Secret() with { Keys = [ExternalSecretKey.Remote("token", "piksel/test/token")] };
        Assert.Null(EsoManifests.ExternalSecretManifest(secret)["spec"]!["target"]!["template"]);
    }

    [Fact]
    public void ExternalSecret_round_trips_in_the_spec_order()
    {
        var secret = Secret();
        var live = EsoManifests.ExternalSecretManifest(secret);

        var read = EsoManifests.ExternalSecretOf(live, secret with { Keys = [], StoreName = "" }, secret.Keys);

        Assert.Equal(ResourceAttributes.Of(secret), ResourceAttributes.Of(read));
    }

    [Fact]
    public void ExternalSecret_with_a_changed_property_reads_as_drift()
    {
        var secret = Secret();
        var live = EsoManifests.ExternalSecretManifest(secret);
        live["spec"]!["data"]![1]!["remoteRef"]!["property"] = "other";
        live["spec"]!["refreshInterval"] = "1h";

        var read = EsoManifests.ExternalSecretOf(live, secret, secret.Keys);

        Assert.Equal(TimeSpan.FromHours(1), read.RefreshInterval);
        Assert.Equal("other", read.Keys.Single(k => k.SecretKey == "password").Property);
        Assert.NotEqual(ResourceAttributes.Of(secret), ResourceAttributes.Of(read));
    }

    [Fact]
    public void ClusterSecretStore_manifest_uses_jwt_service_account_auth_and_round_trips()
    {
        var store = Store();
        var manifest = EsoManifests.StoreManifest(store);

        Assert.Equal("ClusterSecretStore", manifest["kind"]!.GetValue<string>());
        Assert.Null(manifest["metadata"]!["namespace"]);
        var aws = manifest["spec"]!["provider"]!["aws"]!;
        Assert.Equal("SecretsManager", aws["service"]!.GetValue<string>());
        Assert.Equal("ap-southeast-3", aws["region"]!.GetValue<string>());
        var account = aws["auth"]!["jwt"]!["serviceAccountRef"]!;
        Assert.Equal("external-secrets", account["name"]!.GetValue<string>());
        Assert.Equal("external-secrets", account["namespace"]!.GetValue<string>());

        var read = EsoManifests.StoreOf(JsonNode.Parse(manifest.ToJsonString())!.AsObject(), store with { Region = "" });
        Assert.Equal(ResourceAttributes.Of(store), ResourceAttributes.Of(read));
    }

    internal static ClusterSecretStore Store(string name = "piksel-test-secrets", string environment = "test") => new()
    {
        Name = name,
        Cluster = "piksel-test-cluster",
        Region = "ap-southeast-3",
        ServiceAccountNamespace = "external-secrets",
        ServiceAccountName = "external-secrets",
        Labels = new Dictionary<string, string> { [ManagementTags.EnvironmentLabel] = environment },
    };
}
