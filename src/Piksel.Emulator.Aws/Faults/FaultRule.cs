using System.Text.Json.Serialization;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// One rule of LocalStack's chaos API (<c>/_localstack/chaos/faults</c>): calls of <see cref="Service"/> /
/// <see cref="Operation"/> in <see cref="Region"/> (each left out matches all) fail with <see cref="Error"/> with
/// <see cref="Probability"/>. Piksel adds <see cref="Every"/> (every N-th call, for tests that must not depend on chance),
/// <see cref="Latency"/>, and two rule kinds that stand alone: <see cref="IamPropagation"/> and <see cref="OidcOutage"/>.
/// Rules are evaluated in order; the first that fires answers.
/// </summary>
public sealed record FaultRule
{
    /// <summary>The service's signing name (<c>s3</c>, <c>iam</c>, <c>secretsmanager</c>…); null matches every service.</summary>
    public string? Service { get; init; }

    /// <summary>The request's region (its credential scope's); null matches every region.</summary>
    public string? Region { get; init; }

    /// <summary>The operation (<c>CreateRole</c>, <c>PutObject</c>); null matches every operation.</summary>
    public string? Operation { get; init; }

    /// <summary>Chance that a matching call fails (0 to 1), drawn from the emulator's seeded generator. Default 1.</summary>
    public double? Probability { get; init; }

    /// <summary>
    /// Piksel: only every N-th call of each matching operation fails (N ≥ 1). Counted per operation, as AWS throttles per
    /// API action, so the retry of a refused call is not refused by the same rule again. Default: every call.
    /// </summary>
    public int? Every { get; init; }

    /// <summary>The error answered. Default (with no <see cref="Latency"/> either): 503 ServiceUnavailable, as LocalStack answers.</summary>
    public FaultError? Error { get; init; }

    /// <summary>Piksel: milliseconds to wait before answering (0 to 60,000); without <see cref="Error"/>, the call then runs normally.</summary>
    public int? Latency { get; init; }

    /// <summary>Piksel: IAM changes take this long to propagate (a rule of its own: no other field may be set).</summary>
    public IamPropagationFault? IamPropagation { get; init; }

    /// <summary>Piksel: an OIDC issuer is unreachable for STS (a rule of its own: no other field may be set).</summary>
    public OidcOutageFault? OidcOutage { get; init; }

    /// <summary>True for a rule that acts on calls (not an IAM propagation or OIDC outage rule).</summary>
    [JsonIgnore]
    public bool ActsOnCalls => IamPropagation is null && OidcOutage is null;

    /// <summary>True when a call of <paramref name="service"/>'s <paramref name="operation"/> in <paramref name="region"/> is one this rule is about.</summary>
    public bool Matches(string service, string region, string operation) =>
        ActsOnCalls
        && (Service is null || string.Equals(Service, service, StringComparison.OrdinalIgnoreCase))
        && (Region is null || string.Equals(Region, region, StringComparison.OrdinalIgnoreCase))
        && (Operation is null || string.Equals(Operation, operation, StringComparison.OrdinalIgnoreCase));
}
