using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Tests.State;

/// <summary>Two stores appending to one journal would corrupt it: a data directory has one holder at a time.</summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "piksel-lock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_second_store_on_a_held_directory_is_refused_naming_the_holder()
    {
        using var first = StateStore.Open(dir);
        first.Table<string>("things").Put("a", "kept");

        var refused = Assert.Throws<DataDirectoryInUseException>(() => StateStore.Open(dir));
        Assert.Equal(Environment.ProcessId, refused.OwnerProcessId);
        Assert.Equal(dir, refused.Directory);
        Assert.Contains($"in use by process {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);

        // The refused attempt changed nothing of the holder's state.
        Assert.Equal("kept", first.Table<string>("things").Find("a"));
    }

    [Fact]
    public void Closing_the_store_releases_the_directory()
    {
        using (var first = StateStore.Open(dir))
        {
            first.Table<string>("things").Put("a", "kept");
        }

        using var second = StateStore.Open(dir);
        Assert.Equal("kept", second.Table<string>("things").Find("a"));
    }

    [Fact]
    public async Task A_second_emulator_on_the_same_data_directory_fails_to_start_and_the_first_keeps_serving()
    {
        await using var first = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = dir }, cancellationToken: TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<DataDirectoryInUseException>(async () =>
            await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = dir }, cancellationToken: TestContext.Current.CancellationToken));

        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri(first.Endpoint, "_localstack/health"), TestContext.Current.CancellationToken);
        Assert.True(health.IsSuccessStatusCode);
    }
}
