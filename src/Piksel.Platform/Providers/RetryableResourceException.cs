namespace Piksel.Platform.Providers;

/// <summary>
/// A handler's signal that the call may succeed if repeated: throttling, or AWS's eventual consistency (a role
/// just created is not yet assumable, an OIDC provider not yet visible). The engine retries with backoff.
/// </summary>
public sealed class RetryableResourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetryableResourceException()
    {
    }

    /// <summary>Creates the exception with a message (no secret values in it).</summary>
    public RetryableResourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public RetryableResourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long the service asked to wait (a Retry-After), or null for the engine's backoff.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
