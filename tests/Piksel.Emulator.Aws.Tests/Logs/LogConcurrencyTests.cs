using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Logs;
using static Piksel.Emulator.Aws.Tests.Logs.LogsTestKit;

namespace Piksel.Emulator.Aws.Tests.Logs;

/// <summary>Concurrent puts to one stream: each batch is kept, none overwrites another.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LogConcurrencyTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Concurrent_puts_to_one_stream_are_all_kept()
    {
        using var logs = Client(fixture);
        var group = Group("concurrent");
        await logs.CreateLogGroupAsync(group, cancellationToken: Ct);
        await logs.CreateLogStreamAsync(group, "s", Ct);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        const int Puts = 64, PerPut = 5;

        await Task.WhenAll(Enumerable.Range(0, Puts).Select(p => Task.Run(() => logs.PutLogEventsAsync(group, "s",
            [.. Enumerable.Range(0, PerPut).Select(i => new InputLogEvent(start.AddMilliseconds(p * PerPut + i), $"put {p} event {i}"))], Ct))));

        var events = (await logs.GetLogEventsAsync(group, "s", startFromHead: true, cancellationToken: Ct)).Events;
        Assert.Equal(
            [.. Enumerable.Range(0, Puts).SelectMany(p => Enumerable.Range(0, PerPut).Select(i => $"put {p} event {i}"))],
            events.Select(e => e.Message));
        var matches = await logs.FilterLogEventsAsync(group, "event", cancellationToken: Ct);
        Assert.Equal(Puts * PerPut, matches.Events.Count);
    }
}
