namespace Piksel.Emulator.Aws.Auth;

/// <summary>
/// A signature that is missing, unreadable or wrong, with the sentence of the service that reads it (S3 words many
/// faults its own way) and, for S3, the extra elements of its error body.
/// </summary>
public sealed class SigV4FormatException(AuthFailureKind kind, string message) : Exception(message)
{
    /// <summary>What went wrong.</summary>
    public AuthFailureKind Kind { get; } = kind;

    /// <summary>Extra error elements (S3's RequestTime, ServerTime, X-Amz-Expires…), in the order S3 writes them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];
}
