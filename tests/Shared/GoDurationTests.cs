using Piksel.Shared;

namespace Piksel.Shared.Tests;

/// <summary>
/// Go's <c>time.ParseDuration</c> rules, which settings validation, the spec's JSON, the ExternalSecret handler and the
/// emulated External Secrets operator all read durations by. Linked into each test project whose assembly under test
/// compiles src/Shared/GoDuration.cs, so every copy is checked against the same cases.
/// </summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000_000_000L)]
    [InlineData("5m", 300_000_000_000L)]
    [InlineData("1m", 60_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("1h0m5s", 3_605_000_000_000L)]
    [InlineData("1h0m0s", 3_600_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("500ms", 500_000_000L)]
    [InlineData("0s", 0L)]
    [InlineData("0", 0L)]
    [InlineData("+0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("+5s", 5_000_000_000L)]
    [InlineData("-5s", -5_000_000_000L)]
    [InlineData("-1.5h", -5_400_000_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("5.s", 5_000_000_000L)]
    [InlineData("1.004s", 1_004_000_000L)]
    [InlineData("100ns", 100L)]
    [InlineData("2us", 2_000L)]
    [InlineData("2\u00b5s", 2_000L)]
    [InlineData("2\u03bcs", 2_000L)]
    [InlineData("3ms", 3_000_000L)]
    [InlineData("1h1m1s1ms1us1ns", 3_661_001_001_001L)]
    [InlineData("39h9m14.425s", 140_954_425_000_000L)]
    [InlineData("0.3333333333333333333h", 1_200_000_000_000L)]
    [InlineData("9007199254740993ns", 9_007_199_254_740_993L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    [InlineData("2562047h", 9_223_369_200_000_000_000L)]
    public void Parses_what_go_parses(string text, long nanoseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));

        // TimeSpan counts 100 ns ticks; finer parts are dropped.
        Assert.Equal(TimeSpan.FromTicks(nanoseconds / 100), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("10")]
    [InlineData("1.5")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("m5")]
    [InlineData(".")]
    [InlineData(".s")]
    [InlineData("-.s")]
    [InlineData("1..5s")]
    [InlineData("1hm")]
    [InlineData("1H")]
    [InlineData("1 h")]
    [InlineData(" 1h")]
    [InlineData("1h ")]
    [InlineData("1e3s")]
    [InlineData("ten seconds")]
    [InlineData("10 seconds")]
    [InlineData("00")]
    [InlineData("9223372036854775808ns")]
    [InlineData("2562048h")]
    [InlineData("9223372036854775807ns1ns")]
    [InlineData("99999999999999999999s")]
    public void Refuses_what_go_refuses(string? text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(10, "10s")]
    [InlineData(90, "1m30s")]
    [InlineData(300, "5m")]
    [InlineData(3600, "1h")]
    [InlineData(3605, "1h5s")]
    [InlineData(5400, "1h30m")]
    [InlineData(86400, "24h")]
    public void Formats_whole_seconds_and_reads_them_back(int seconds, string text)
    {
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(GoDuration.TryParse(text, out var again));
        Assert.Equal(TimeSpan.FromSeconds(seconds), again);
    }
}
