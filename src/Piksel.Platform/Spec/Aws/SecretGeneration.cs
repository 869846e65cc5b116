using System.Text.Json.Serialization;

namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// Rules for a generated secret value, shaped like Secrets Manager's GetRandomPassword: a length and the character
/// classes, with punctuation limited to an allowed set.
/// </summary>
public sealed record SecretGeneration
{
    /// <summary>Every punctuation character GetRandomPassword may produce.</summary>
    public const string AwsPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>Length in characters (1–4096). Default: 32.</summary>
    public int Length { get; init; } = 32;

    /// <summary>Upper- and lower-case letters. Default: true.</summary>
    public bool IncludeLetters { get; init; } = true;

    /// <summary>Digits. Default: true.</summary>
    public bool IncludeDigits { get; init; } = true;

    /// <summary>The punctuation allowed (a subset of <see cref="AwsPunctuation"/>). Default: none.</summary>
    public string Punctuation { get; init; } = "";

    /// <summary>At least one character of each included class. Default: true.</summary>
    public bool RequireEachIncludedType { get; init; } = true;

    /// <summary>The <c>ExcludeCharacters</c> argument for GetRandomPassword: the punctuation not allowed.</summary>
    [JsonIgnore]
    public string ExcludeCharacters => new(AwsPunctuation.Where(c => !Punctuation.Contains(c, StringComparison.Ordinal)).ToArray());

    /// <summary>Every character a value may hold.</summary>
    [JsonIgnore]
    public string Alphabet =>
        (IncludeLetters ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" : "")
        + (IncludeDigits ? "0123456789" : "")
        + Punctuation;

    /// <summary>True when <paramref name="value"/> could have come from these rules.</summary>
    public bool IsSatisfiedBy(string value)
    {
        if (value.Length != Length || value.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        return !RequireEachIncludedType
            || ((!IncludeLetters || value.Any(char.IsAsciiLetter))
                && (!IncludeDigits || value.Any(char.IsAsciiDigit))
                && (Punctuation.Length == 0 || value.Any(c => Punctuation.Contains(c, StringComparison.Ordinal))));
    }
}
