using System.Text.Json.Serialization;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// What a fault rule answers with. LocalStack's shape, <c>{"statusCode": 503, "code": "ServiceUnavailable"}</c> (either
/// may be left out, and <c>message</c> may be added); or, a Piksel addition, a <see cref="FaultErrorKind"/> written as a
/// string (<c>"throttling"</c>, <c>"unavailable"</c>, <c>"internal"</c>) that each service answers in its own words.
/// </summary>
[JsonConverter(typeof(FaultErrorConverter))]
public sealed record FaultError
{
    /// <summary>LocalStack's default: 503 ServiceUnavailable.</summary>
    public const int DefaultStatusCode = 503;

    /// <summary>LocalStack's default code.</summary>
    public const string DefaultCode = "ServiceUnavailable";

    /// <summary>The HTTP status (400–599). Default <see cref="DefaultStatusCode"/>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The error code on the wire. Default <see cref="DefaultCode"/>.</summary>
    public string? Code { get; init; }

    /// <summary>The message. Default: the service's own sentence for a code it knows, else LocalStack's outage sentence.</summary>
    public string? Message { get; init; }

    /// <summary>Set instead of the three above: the service picks code, status and message.</summary>
    public FaultErrorKind? Kind { get; init; }

    /// <summary>The service's own error for <paramref name="kind"/>.</summary>
    public static FaultError Of(FaultErrorKind kind) => new() { Kind = kind };
}
