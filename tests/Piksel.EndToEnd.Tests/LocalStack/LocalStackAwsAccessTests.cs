using Piksel.Hosting.LocalStack;

namespace Piksel.EndToEnd.Tests.LocalStack;

/// <summary>LocalStack's convention for accounts: a twelve-digit access key id selects that account.</summary>
public sealed class LocalStackAwsAccessTests
{
    [Fact]
    public async Task Each_account_is_reached_with_its_id_as_the_access_key_and_others_are_refused()
    {
        var access = new LocalStackAwsAccess(new Uri("http://127.0.0.1:4566"), "eu-west-1", ["000000000000", "686410905891"]);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("686410905891", (await access.GetCredentialsAsync("686410905891", ct)).AccessKeyId);
        Assert.Equal("000000000000", (await access.GetCredentialsAsync("000000000000", ct)).AccessKeyId);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => access.GetCredentialsAsync("111111111111", ct).AsTask());
        Assert.Contains("111111111111", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), access.ServiceUrl);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("abcdefghijkl")]
    [InlineData("1234567890123")]
    public void What_is_not_an_account_id_is_refused(string account) =>
        Assert.Throws<ArgumentException>(() => LocalStackAwsAccess.KeysFor(account));
}
