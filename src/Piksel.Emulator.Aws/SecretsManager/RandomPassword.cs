using System.Globalization;
using System.Security.Cryptography;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Secrets Manager's GetRandomPassword, drawing every character from the cryptographic RNG.</summary>
public static class RandomPassword
{
    /// <summary>AWS's punctuation set.</summary>
    public const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>Generates a password; invalid options answer InvalidParameterException / ValidationException as AWS does.</summary>
    public static string Generate(RandomPasswordOptions options)
    {
        if (options.PasswordLength is < 1 or > 4096)
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{options.PasswordLength.ToString(CultureInfo.InvariantCulture)}' at 'passwordLength' failed to satisfy constraint: Member must have value {(options.PasswordLength < 1 ? "greater than or equal to 1" : "less than or equal to 4096")}");
        if (options.ExcludeCharacters.Length > 4096)
            throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'excludeCharacters' failed to satisfy constraint: Member must have length less than or equal to 4096");

        var classes = new List<string>();
        void Add(bool include, string characters)
        {
            if (!include) return;
            var allowed = new string([.. characters.Where(c => !options.ExcludeCharacters.Contains(c))]);
            if (allowed.Length > 0) classes.Add(allowed);
        }
        Add(!options.ExcludeLowercase, "abcdefghijklmnopqrstuvwxyz");
        Add(!options.ExcludeUppercase, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        Add(!options.ExcludeNumbers, "0123456789");
        Add(!options.ExcludePunctuation, Punctuation);
        Add(options.IncludeSpace, " ");
        if (classes.Count == 0)
            throw SecretsManagerErrors.InvalidParameter("The password can't be generated: every character type is excluded.");
        var length = (int)options.PasswordLength;
        if (options.RequireEachIncludedType && length < classes.Count)
            throw SecretsManagerErrors.InvalidParameter("Password length is too short based on the required types.");

        var all = string.Concat(classes);
        var password = new char[length];
        var start = 0;
        if (options.RequireEachIncludedType)
            for (; start < classes.Count; start++) password[start] = classes[start][RandomNumberGenerator.GetInt32(classes[start].Length)];
        for (var i = start; i < length; i++) password[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        // The required characters were placed first; shuffle so their positions are random too.
        for (var i = length - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (password[i], password[j]) = (password[j], password[i]);
        }
        return new string(password);
    }
}
