using Piksel.Platform.Aws.Postgres;

namespace Piksel.Platform.Aws.Tests.Postgres;

public sealed class PostgresSqlTests
{
    [Theory]
    [InlineData("plain", "E'plain'")]
    [InlineData("it's", "E'it''s'")]
    [InlineData(@"back\slash", @"E'back\\slash'")]
    [InlineData("$$dollar$1", "E'$$dollar$1'")]
    [InlineData(@"'\'", @"E'''\\'''")]
    public void A_literal_doubles_quotes_and_backslashes_and_leaves_dollars(string value, string expected) =>
        Assert.Equal(expected, PostgresSql.Literal(value));

    [Fact]
    public void A_literal_with_a_nul_is_refused_without_echoing_the_value()
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresSql.Literal("secret\0value"));
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identifier_doubles_quotes_and_refuses_what_postgres_would_truncate()
    {
        Assert.Equal("\"a\"\"b\"", PostgresSql.Identifier("a\"b"));
        Assert.Throws<ArgumentException>(() => PostgresSql.Identifier(new string('x', 64)));
        Assert.Throws<ArgumentException>(() => PostgresSql.Identifier(""));
    }

    [Fact]
    public void A_verifier_has_postgres_s_stored_form_and_never_holds_the_password()
    {
        var verifier = ScramVerifier.For("pa$$'word\\");
        Assert.NotNull(verifier);
        Assert.Matches(@"^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$", verifier);
        Assert.DoesNotContain("word", verifier, StringComparison.Ordinal);
        Assert.Null(ScramVerifier.For("pässword"));
    }
}
