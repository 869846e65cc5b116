namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>GetRandomPassword's options, with AWS's defaults.</summary>
public sealed record RandomPasswordOptions
{
    /// <summary>1 to 4096. Default 32.</summary>
    public long PasswordLength { get; init; } = 32;
    /// <summary>Characters never to use. Default none.</summary>
    public string ExcludeCharacters { get; init; } = "";
    public bool ExcludeNumbers { get; init; }
    public bool ExcludePunctuation { get; init; }
    public bool ExcludeUppercase { get; init; }
    public bool ExcludeLowercase { get; init; }
    /// <summary>Whether the space character may appear. Default false.</summary>
    public bool IncludeSpace { get; init; }
    /// <summary>Whether every included character type must appear at least once. Default true.</summary>
    public bool RequireEachIncludedType { get; init; } = true;
}
