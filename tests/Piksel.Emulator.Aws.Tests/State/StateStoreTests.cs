using System.Text;
using Amazon.Runtime;
using Piksel.Emulator.Aws.State;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.State;

public sealed class StateStoreTests : IDisposable
{
    private sealed record Thing(string Name, int Count, IReadOnlyList<string> Labels);

    private readonly string dir = Path.Combine(Path.GetTempPath(), "piksel-state-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Acknowledged_writes_survive_a_reopen()
    {
        using (var store = StateStore.Open(dir))
        {
            var table = store.Table<Thing>("things");
            table.Put("a", new Thing("a", 1, ["x"]));
            table.Put("b", new Thing("b", 2, []));
            table.Update("a", t => t! with { Count = 10 });
            Assert.True(table.Remove("b"));
        }

        using var reopened = StateStore.Open(dir);
        var things = reopened.Table<Thing>("things");
        Assert.Equal(1, things.Count);
        Assert.Equal(10, things.Find("a")!.Count);
        Assert.Equal(["x"], things.Find("a")!.Labels);
        Assert.Null(things.Find("b"));
    }

    [Fact]
    public void Writes_are_on_disk_before_Put_returns()
    {
        using var store = StateStore.Open(dir);
        store.Table<Thing>("things").Put("k", new Thing("k", 7, []));
        // Read the journal while the store is still open: the entry is there already (no buffering until dispose).
        using var read = new FileStream(Path.Combine(dir, "journal.jsonl"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(read);
        Assert.Contains("\"k\":\"k\"", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_last_write_is_dropped_and_everything_before_it_kept()
    {
        using (var store = StateStore.Open(dir))
        {
            var table = store.Table<Thing>("things");
            for (var i = 0; i < 5; i++) table.Put($"k{i}", new Thing($"k{i}", i, []));
        }
        // Simulate a crash in the middle of appending the sixth write.
        File.AppendAllText(Path.Combine(dir, "journal.jsonl"), "{\"t\":\"things\",\"k\":\"k5\",\"v\":{\"name\":\"k5\",\"cou", Encoding.UTF8);

        using var reopened = StateStore.Open(dir);
        var things = reopened.Table<Thing>("things");
        Assert.Equal(5, things.Count);
        Assert.Null(things.Find("k5"));
        things.Put("k6", new Thing("k6", 6, []));
        reopened.Dispose();
        using var again = StateStore.Open(dir);
        Assert.Equal(6, again.Table<Thing>("things").Count);
    }

    [Fact]
    public void Compaction_keeps_state_and_empties_the_journal()
    {
        using (var store = StateStore.Open(dir))
        {
            var table = store.Table<Thing>("things");
            for (var i = 0; i < 100; i++) table.Put("same", new Thing("same", i, []));
            store.Compact();
            Assert.Equal(0, new FileInfo(Path.Combine(dir, "journal.jsonl")).Length);
        }
        using var reopened = StateStore.Open(dir);
        Assert.Equal(99, reopened.Table<Thing>("things").Find("same")!.Count);
    }

    [Fact]
    public async Task Compactions_under_concurrent_writers_lose_no_acknowledged_write()
    {
        // A compaction snapshots memory and truncates the journal: a write already journaled but not yet in memory
        // would be lost. Four writers on four tables cross the (small) threshold many times.
        using (var store = StateStore.Open(dir, compactAfterEntries: 37))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
            {
                var table = store.Table<Thing>($"things-{w}");
                for (var i = 0; i < 400; i++) table.Put($"k{i}", new Thing($"k{i}", i, []));
            }, TestContext.Current.CancellationToken)));
        }
        using var reopened = StateStore.Open(dir);
        for (var w = 0; w < 4; w++) Assert.Equal(400, reopened.Table<Thing>($"things-{w}").Count);
    }

    [Fact]
    public void In_memory_store_writes_nothing()
    {
        using var store = StateStore.InMemory();
        store.Table<Thing>("things").Put("a", new Thing("a", 1, []));
        Assert.False(store.IsDurable);
        Assert.Equal(1, store.Table<Thing>("things").Count);
    }

    [Fact]
    public async Task Emulator_restart_restores_state_from_the_data_directory()
    {
        var options = new AwsEmulatorOptions { Port = 0, DataDirectory = dir };
        string roleId;
        await using (var first = await AwsEmulator.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken))
        {
            using var iam = new IamClient(new AwsClientOptions { ServiceUrl = first.Endpoint, Credentials = new BasicAWSCredentials("test", "test") });
            roleId = (await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "survivor", AssumeRolePolicyDocument = TrustEc2 }, TestContext.Current.CancellationToken)).RoleId;
        }
        await using var second = await AwsEmulator.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        using var again = new IamClient(new AwsClientOptions { ServiceUrl = second.Endpoint, Credentials = new BasicAWSCredentials("test", "test") });
        Assert.Equal(roleId, (await again.GetRoleAsync("survivor", TestContext.Current.CancellationToken)).RoleId);
    }

    private const string TrustEc2 = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
}
