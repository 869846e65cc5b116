namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// An injected error named by what it means, not by its code: each service answers it with the code, HTTP status and
/// message it uses itself (throttling is <c>Throttling</c> in IAM, <c>ThrottlingException</c> in KMS, <c>SlowDown</c> in S3…).
/// </summary>
public enum FaultErrorKind
{
    /// <summary>The caller is sending too fast: Throttling, ThrottlingException, TooManyRequestsException, SlowDown or RequestLimitExceeded.</summary>
    Throttling,

    /// <summary>The service is down for a moment (HTTP 503): ServiceUnavailable, ServiceUnavailableException or Unavailable.</summary>
    Unavailable,

    /// <summary>The service failed (HTTP 500): ServiceFailure, InternalFailure, InternalError, KMSInternalException, ServerException….</summary>
    Internal,
}
