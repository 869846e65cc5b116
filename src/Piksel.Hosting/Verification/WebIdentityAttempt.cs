using Amazon.SecurityToken.Model;

namespace Piksel.Hosting.Verification;

/// <summary>How one exchange of a service-account token for a role came out.</summary>
/// <param name="Outcome">Passed when STS gave a session.</param>
/// <param name="Detail">The assumed role's ARN, or why there is none.</param>
/// <param name="Credentials">The session, when STS gave one.</param>
/// <param name="Refusal">STS's error code, when STS refused the token.</param>
internal sealed record WebIdentityAttempt(CheckOutcome Outcome, string Detail, Credentials? Credentials = null, string? Refusal = null);
