using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Piksel.AppHost.AppModel;

namespace Piksel.AppHost.UnitTests;

/// <summary>How an ExternalSecret's status reads in the dashboard, and the secret syncs group's snapshot.</summary>
public sealed class SecretSyncStateTests
{
    [Fact]
    public void Ready_true_reads_as_its_reason()
    {
        var es = Es("""{"type":"Ready","status":"True","reason":"SecretSynced","message":"secret synced"}""");

        Assert.Equal("SecretSynced", SecretSyncs.StateOf(es));
    }

    [Fact]
    public void Ready_false_reads_as_reason_and_message()
    {
        var es = Es("""{"type":"Ready","status":"False","reason":"SecretSyncedError","message":"could not get secret data from provider"}""");

        Assert.Equal("SecretSyncedError: could not get secret data from provider", SecretSyncs.StateOf(es));
    }

    [Fact]
    public void No_status_reads_as_not_synced_yet() =>
        Assert.Equal("not synced yet", SecretSyncs.StateOf(new JsonObject { ["metadata"] = new JsonObject() }));

    [Fact]
    public void All_synced_is_Running_with_a_row_each()
    {
        var snapshot = SecretSyncsSnapshot.With(Empty(), [("a/one", "SecretSynced"), ("b/two", "SecretSynced")]);

        Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
        Assert.Equal(["ClusterSecretStore.aws", "ExternalSecret.a/one", "ExternalSecret.b/two"], snapshot.Properties.Select(p => p.Name));
    }

    [Fact]
    public void One_error_is_a_warning_counting_the_synced_and_replaces_the_old_rows()
    {
        var first = SecretSyncsSnapshot.With(Empty(), [("a/one", "SecretSynced"), ("b/two", "SecretSynced")]);

        var snapshot = SecretSyncsSnapshot.With(first, [("a/one", "SecretSynced"), ("b/two", "SecretSyncedError: denied")]);

        Assert.Equal("1 of 2 synced", snapshot.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Warn, snapshot.State?.Style);
        Assert.Equal(3, snapshot.Properties.Length);
        Assert.Equal("SecretSyncedError: denied", snapshot.Properties.Single(p => p.Name == "ExternalSecret.b/two").Value);
    }

    private static CustomResourceSnapshot Empty() => new() { ResourceType = PikselAppModel.GroupType, Properties = [new ResourcePropertySnapshot("ClusterSecretStore.aws", "applied")] };

    private static JsonObject Es(string condition) => new()
    {
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(JsonNode.Parse(condition)) },
    };
}
