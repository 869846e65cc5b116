using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

public sealed class EngineOptionsTests
{
    [Fact]
    public void Out_of_range_options_are_refused_naming_the_option_and_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PlatformEngine(new EngineOptions { MaxParallelism = 0 }));

        Assert.Contains("EngineOptions.MaxParallelism is 0; allowed: 1 to 64.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineOptions { RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(1) }.Validate());
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new EngineOptions().Validate();

        Assert.Equal((8, 8, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), (options.MaxParallelism, options.MaxRetryAttempts, options.RetryDelay, options.MaxRetryDelay));
    }

    [Fact]
    public async Task Cancellation_stops_an_apply()
    {
        var builder = new PlatformSpecBuilder("test");
        for (var i = 0; i < 20; i++)
        {
            builder.Add(Widget.Named($"w{i}"));
        }

        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine(parallelism: 2);
        var plan = await engine.PlanAsync(builder.Build(), provider, cancellationToken: TestContext.Current.CancellationToken);
        provider.Cloud.CallDelay = TimeSpan.FromMilliseconds(50);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(120));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ApplyAsync(plan, provider, cancellationToken: cancel.Token));

        Assert.True(provider.Cloud.Ops("create").Count() < 20);
    }
}
