namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>
/// One key of an <see cref="ExternalSecret"/>'s target: from a remote secret (whole, or one JSON property of it),
/// or a literal (ESO writes literals through <c>spec.target.template.data</c>).
/// </summary>
public sealed record ExternalSecretKey
{
    /// <summary>The key in the Kubernetes Secret.</summary>
    public required string SecretKey { get; init; }

    /// <summary>The remote secret's name, for remote keys.</summary>
    public string? RemoteKey { get; init; }

    /// <summary>A JSON property of the remote secret's value, or null for the whole value.</summary>
    public string? Property { get; init; }

    /// <summary>A literal value, for literal keys.</summary>
    public string? Literal { get; init; }

    /// <summary>A key read from a remote secret.</summary>
    public static ExternalSecretKey Remote(string secretKey, string remoteKey, string? property = null) =>
        new() { SecretKey = secretKey, RemoteKey = remoteKey, Property = property };

    /// <summary>A literal key.</summary>
    public static ExternalSecretKey Of(string secretKey, string literal) => new() { SecretKey = secretKey, Literal = literal };
}
