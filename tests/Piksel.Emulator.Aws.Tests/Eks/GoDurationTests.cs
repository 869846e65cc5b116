using Piksel.Emulator.Aws.Eks.ExternalSecrets;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>The <c>refreshInterval</c> format: Go's <c>time.ParseDuration</c>.</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1h0m0s", 3_600_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    public void Parses_go_durations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("ten seconds")]
    public void Rejects_what_go_rejects(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
