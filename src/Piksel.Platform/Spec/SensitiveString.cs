using System.Security.Cryptography;
using System.Text;

namespace Piksel.Platform.Spec;

/// <summary>
/// A secret value (a manual secret's input, a credential). It never prints itself: <see cref="ToString"/>, record
/// printing and plan rendering all show <c>(sensitive value)</c>; only <see cref="Reveal"/> hands out the text.
/// </summary>
public sealed class SensitiveString : IEquatable<SensitiveString>
{
    /// <summary>What every rendering shows in place of the value.</summary>
    public const string Redacted = "(sensitive value)";

    private readonly string value;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public SensitiveString(string value) => this.value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The secret text itself; call only where the value is handed to the API that stores it.</summary>
    public string Reveal() => value;

    /// <summary>A SHA-256 digest: lets a planner compare two values without holding either in its output.</summary>
    public string Digest() => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Always <see cref="Redacted"/>.</summary>
    public override string ToString() => Redacted;

    /// <inheritdoc />
    public bool Equals(SensitiveString? other) => other is not null && string.Equals(value, other.value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SensitiveString);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);
}
