using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Tests.Storage;

/// <summary>The store's journal on disk: torn lines, damage, compaction as it grows.</summary>
public sealed class JournalTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-k8s-journal-").FullName;
    private static readonly ResourceCatalog Catalog = new(BuiltInResources.All);

    private string JournalPath => Path.Combine(directory, "objects.journal.jsonl");
    private string SnapshotPath => Path.Combine(directory, "objects.snapshot.jsonl");

    private ObjectStore Open(int compactionThreshold = 10_000) => new(directory, Catalog.FindGroupResource) { CompactionThreshold = compactionThreshold };

    private static JsonObject ConfigMap(string name, string value = "v") =>
        new() { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns" }, ["data"] = new JsonObject { ["k"] = value } };

    [Fact]
    public void A_torn_last_line_is_dropped_and_the_rest_replayed()
    {
        using (var store = Open())
        {
            store.Put(BuiltInResources.ConfigMaps, "ns", "a", ConfigMap("a"));
            store.Put(BuiltInResources.ConfigMaps, "ns", "b", ConfigMap("b"));
        }
        // A crash in the middle of appending the third write.
        File.AppendAllText(JournalPath, """{"r":"configmaps","n":"ns","m":"c","v":3,"o":{"apiVersion":"v1","kind":"Conf""");

        using var reopened = Open();
        Assert.Equal(["a", "b"], reopened.List(BuiltInResources.ConfigMaps, "ns").Items.Select(o => o.Name));
        Assert.Equal(2, reopened.ResourceVersion);
        Assert.Equal(3, reopened.Put(BuiltInResources.ConfigMaps, "ns", "c", ConfigMap("c")).ResourceVersion);
    }

    [Fact]
    public void Damage_before_the_last_line_is_refused_with_a_way_out()
    {
        using (var store = Open())
        {
            store.Put(BuiltInResources.ConfigMaps, "ns", "a", ConfigMap("a"));
            store.Put(BuiltInResources.ConfigMaps, "ns", "b", ConfigMap("b"));
        }
        var lines = File.ReadAllLines(JournalPath);
        lines[0] = lines[0][..20];
        File.WriteAllLines(JournalPath, lines);

        var error = Assert.Throws<InvalidDataException>(() => Open());
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete the data directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_journal_is_compacted_as_it_grows_and_replays_to_the_same_state()
    {
        using (var store = Open(compactionThreshold: 10))
        {
            for (var i = 0; i < 25; i++) store.Put(BuiltInResources.ConfigMaps, "ns", $"cm{i % 5}", ConfigMap($"cm{i % 5}", $"v{i}"));
            store.Remove(BuiltInResources.ConfigMaps, "ns", "cm4");
            // 26 writes with compaction every 10: the journal holds only what came after the last snapshot.
            Assert.InRange(File.ReadAllLines(JournalPath).Length, 0, 9);
            Assert.True(File.ReadAllLines(SnapshotPath).Length >= 5);
        }
        using var reopened = Open();
        var items = reopened.List(BuiltInResources.ConfigMaps, "ns").Items;
        Assert.Equal(["cm0", "cm1", "cm2", "cm3"], items.Select(o => o.Name));
        Assert.Equal("v23", items.Single(o => o.Name == "cm3").View["data"]!["k"]!.GetValue<string>());
        Assert.Equal(26, reopened.ResourceVersion);
        Assert.Equal(Encoding.UTF8.GetString(items[0].Json), items[0].ToJsonObject().ToJsonString(StoredObject.WireOptions));
    }

    [Fact]
    public void The_version_survives_even_when_every_object_is_gone()
    {
        using (var store = Open())
        {
            store.Put(BuiltInResources.ConfigMaps, "ns", "a", ConfigMap("a"));
            store.Remove(BuiltInResources.ConfigMaps, "ns", "a");
        }
        using (Open()) { }
        using var twice = Open();
        Assert.Equal(2, twice.ResourceVersion);
        Assert.Empty(twice.List(BuiltInResources.ConfigMaps, null).Items);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
