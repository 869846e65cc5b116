using System.Globalization;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// A level at a policy version (pod-security-admission's api.LevelVersion): <c>restricted:latest</c>, <c>baseline:v1.27</c>.
/// <paramref name="Minor"/> is the 1.N minor version, null for <c>latest</c>.
/// </summary>
public readonly record struct LevelVersion(PodSecurityLevel Level, int? Minor)
{
    /// <summary><c>privileged:latest</c>, the stock default for every mode.</summary>
    public static readonly LevelVersion PrivilegedLatest = new(PodSecurityLevel.Privileged, null);

    /// <summary>The label value of the level: privileged, baseline or restricted.</summary>
    public static string LevelName(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Baseline => "baseline",
        PodSecurityLevel.Restricted => "restricted",
        _ => "privileged",
    };

    /// <summary>The level a label value names; null for anything else (labels are case-sensitive).</summary>
    public static PodSecurityLevel? ParseLevel(string value) => value switch
    {
        "privileged" => PodSecurityLevel.Privileged,
        "baseline" => PodSecurityLevel.Baseline,
        "restricted" => PodSecurityLevel.Restricted,
        _ => null,
    };

    /// <summary>The version a label value names (<c>latest</c> → null minor); false for anything else but <c>v1.N</c>.</summary>
    public static bool TryParseVersion(string value, out int? minor)
    {
        minor = null;
        if (value == "latest") return true;
        if (!value.StartsWith("v1.", StringComparison.Ordinal) || value.Length > 8) return false;
        var digits = value[3..];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0')) return false;
        minor = int.Parse(digits, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary><c>level:version</c>, as the admission's messages print it.</summary>
    public override string ToString() => $"{LevelName(Level)}:{(Minor is { } m ? $"v1.{m}" : "latest")}";
}
