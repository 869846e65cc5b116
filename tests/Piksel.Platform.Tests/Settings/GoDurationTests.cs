using Piksel.Platform.Settings;

namespace Piksel.Platform.Tests.Settings;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h0m5s", 3605)]
    public void Parses_and_formats(string text, int seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.Equal(TimeSpan.FromSeconds(seconds), GoDuration.TryParse(GoDuration.Format(duration), out var again) ? again : default);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1d")]
    [InlineData("m5")]
    public void Refuses_other_shapes(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
