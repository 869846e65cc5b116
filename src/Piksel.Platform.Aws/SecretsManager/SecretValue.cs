using System.Security.Cryptography;
using System.Text;

namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>
/// A secret's value: a string (<c>SecretString</c>) or bytes (<c>SecretBinary</c>). It never prints its content,
/// so it can sit in records, logs and exception messages without leaking.
/// </summary>
public sealed class SecretValue : IEquatable<SecretValue>
{
    private readonly string? text;
    private readonly byte[]? bytes;

    private SecretValue(string? text, byte[]? bytes)
    {
        this.text = text;
        this.bytes = bytes;
    }

    /// <summary>A string value.</summary>
    public static SecretValue FromString(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A binary value (copied).</summary>
    public static SecretValue FromBinary(ReadOnlySpan<byte> value) => new(null, value.ToArray());

    /// <summary>True when the value is binary.</summary>
    public bool IsBinary => bytes is not null;

    /// <summary>The string value; throws for a binary secret.</summary>
    public string Reveal() => text ?? throw new InvalidOperationException("This secret value is binary; use RevealBinary().");

    /// <summary>The binary value (a copy); throws for a string secret.</summary>
    public byte[] RevealBinary() => bytes?.ToArray() ?? throw new InvalidOperationException("This secret value is a string; use Reveal().");

    /// <summary>The value's bytes: UTF-8 of a string value, or the binary value.</summary>
    public byte[] RevealBytes() => bytes?.ToArray() ?? Encoding.UTF8.GetBytes(text!);

    /// <summary>Never the value.</summary>
    public override string ToString() => IsBinary ? "SecretValue(binary, redacted)" : "SecretValue(redacted)";

    /// <summary>Constant-time comparison of kind and content.</summary>
    public bool Equals(SecretValue? other) =>
        other is not null && IsBinary == other.IsBinary && CryptographicOperations.FixedTimeEquals(RevealBytes(), other.RevealBytes());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SecretValue);

    /// <inheritdoc />
    public override int GetHashCode() => IsBinary.GetHashCode();

    internal string? Text => text;

    internal string? Base64 => bytes is null ? null : Convert.ToBase64String(bytes);

    internal static SecretValue? FromWire(string? secretString, string? secretBinary) =>
        secretString is not null ? FromString(secretString) : secretBinary is not null ? FromBinary(Convert.FromBase64String(secretBinary)) : null;
}
