namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Thrown by every access to the shared platform when it did not come up: the message carries the apply's error and the
/// apply's exception is the inner one, so each dependent test fails saying why instead of being skipped.
/// </summary>
public sealed class PlatformNotAppliedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlatformNotAppliedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlatformNotAppliedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the apply's failure.</summary>
    public PlatformNotAppliedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
