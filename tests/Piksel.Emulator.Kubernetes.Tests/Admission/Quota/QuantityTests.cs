using Piksel.Emulator.Kubernetes.Admission.Quota;

namespace Piksel.Emulator.Kubernetes.Tests.Admission.Quota;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("500m", "0.5", "500m")]
    [InlineData("1000m", "1", "1")]
    [InlineData("64Mi", "67108864", "64Mi")]
    [InlineData("1Gi", "1073741824", "1Gi")]
    [InlineData("1536Mi", "1610612736", "1536Mi")]
    [InlineData("1e3", "1000", "1e3")]
    [InlineData("0.5", "0.5", "500m")]
    [InlineData("2", "2", "2")]
    [InlineData("100M", "100000000", "100M")]
    [InlineData("1500", "1500", "1500")]
    [InlineData("0", "0", "0")]
    public void Parses_exactly_and_prints_canonically(string text, string value, string canonical)
    {
        var q = Quantity.Parse(text);
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), q.Value);
        Assert.Equal(canonical, q.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1Qi")]
    [InlineData("1e99")]
    [InlineData("99999999999999999999Ei")]
    public void Refuses_what_is_not_a_quantity(string text) => Assert.False(Quantity.TryParse(text, out _));

    [Fact]
    public void Compares_across_formats()
    {
        Assert.True(Quantity.Parse("1").SameValue(Quantity.Parse("1000m")));
        Assert.True(Quantity.Parse("1Gi") > Quantity.Parse("1G"));
        Assert.True(Quantity.Parse("250m") < Quantity.Parse("0.3"));
        Assert.Equal("128Mi", Quantity.Parse("64Mi").Add(Quantity.Parse("64Mi")).ToString());
    }

    [Fact]
    public void Fuzzed_text_never_throws()
    {
        var random = new Random(13);
        const string alphabet = "0123456789.+-eEinumkKMGTPi ";
        for (var i = 0; i < 2000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            if (Quantity.TryParse(text, out var q)) Assert.True(Quantity.TryParse(q.ToString(), out var again) && again.SameValue(q), text);
        }
    }
}
