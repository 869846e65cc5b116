using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>GetRandomPassword with every option.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class RandomPasswordTests(EmulatorFixture fixture) : SecretsManagerTestBase(fixture)
{
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private async Task<string> Password(RandomPasswordRequest request)
    {
        using var sm = Client();
        return (await sm.GetRandomPasswordAsync(request, Ct)).Reveal();
    }

    [Fact]
    public async Task Defaults_are_32_characters_with_every_type()
    {
        for (var i = 0; i < 10; i++)
        {
            var password = await Password(new RandomPasswordRequest());
            Assert.Equal(32, password.Length);
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => Punctuation.Contains(c));
            Assert.DoesNotContain(' ', password);
        }
        Assert.NotEqual(await Password(new RandomPasswordRequest()), await Password(new RandomPasswordRequest()));
    }

    [Fact]
    public async Task Each_exclusion_is_honoured()
    {
        var noDigits = await Password(new RandomPasswordRequest { PasswordLength = 200, ExcludeNumbers = true });
        Assert.DoesNotContain(noDigits, char.IsAsciiDigit);
        var noPunctuation = await Password(new RandomPasswordRequest { PasswordLength = 200, ExcludePunctuation = true });
        Assert.All(noPunctuation, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        var noUpper = await Password(new RandomPasswordRequest { PasswordLength = 200, ExcludeUppercase = true });
        Assert.DoesNotContain(noUpper, char.IsAsciiLetterUpper);
        var noLower = await Password(new RandomPasswordRequest { PasswordLength = 200, ExcludeLowercase = true });
        Assert.DoesNotContain(noLower, char.IsAsciiLetterLower);
        var excluded = await Password(new RandomPasswordRequest { PasswordLength = 500, ExcludeCharacters = "abcXYZ019\"'\\" });
        Assert.DoesNotContain(excluded, c => "abcXYZ019\"'\\".Contains(c));
        var digitsOnly = await Password(new RandomPasswordRequest
        {
            PasswordLength = 64,
            ExcludeLowercase = true,
            ExcludeUppercase = true,
            ExcludePunctuation = true,
        });
        Assert.All(digitsOnly, c => Assert.True(char.IsAsciiDigit(c)));
    }

    [Fact]
    public async Task IncludeSpace_and_RequireEachIncludedType()
    {
        for (var i = 0; i < 10; i++)
        {
            var withSpace = await Password(new RandomPasswordRequest { PasswordLength = 5, IncludeSpace = true });
            Assert.Contains(' ', withSpace);
            Assert.Contains(withSpace, char.IsAsciiDigit);
        }
        var tooShort = await Error(async () => await Password(new RandomPasswordRequest { PasswordLength = 3 }));
        Assert.Equal("InvalidParameterException", tooShort.ErrorCode);
        var relaxed = await Password(new RandomPasswordRequest { PasswordLength = 3, RequireEachIncludedType = false });
        Assert.Equal(3, relaxed.Length);
    }

    [Fact]
    public async Task Length_must_be_1_to_4096()
    {
        Assert.Equal(4096, (await Password(new RandomPasswordRequest { PasswordLength = 4096 })).Length);
        Assert.Single(await Password(new RandomPasswordRequest { PasswordLength = 1, RequireEachIncludedType = false }));
        Assert.Equal("ValidationException", (await Error(async () => await Password(new RandomPasswordRequest { PasswordLength = 0 }))).ErrorCode);
        Assert.Equal("ValidationException", (await Error(async () => await Password(new RandomPasswordRequest { PasswordLength = 4097 }))).ErrorCode);
    }
}
