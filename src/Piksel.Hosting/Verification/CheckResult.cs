namespace Piksel.Hosting.Verification;

/// <summary>One row of the verification table. The detail never holds a secret value.</summary>
/// <param name="Area">IRSA or Secrets.</param>
/// <param name="Subject">What the check is about: <c>terria/terria-sa</c>, a secret's name, <c>ns/secret</c>.</param>
/// <param name="Check">What was tried and what was expected.</param>
/// <param name="Outcome">How it came out.</param>
/// <param name="Detail">What was seen (an error code, a count, why it was skipped).</param>
public sealed record CheckResult(string Area, string Subject, string Check, CheckOutcome Outcome, string Detail);
