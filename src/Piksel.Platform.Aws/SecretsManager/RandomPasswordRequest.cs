namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>GetRandomPassword's options, with AWS's defaults.</summary>
public sealed record RandomPasswordRequest
{
    /// <summary>1–4096. Default 32.</summary>
    public int PasswordLength { get; init; } = 32;
    public string? ExcludeCharacters { get; init; }
    public bool ExcludeNumbers { get; init; }
    public bool ExcludePunctuation { get; init; }
    public bool ExcludeUppercase { get; init; }
    public bool ExcludeLowercase { get; init; }
    public bool IncludeSpace { get; init; }
    /// <summary>Default true.</summary>
    public bool RequireEachIncludedType { get; init; } = true;
}
