namespace Piksel.Emulator.Aws.Policy;

/// <summary>A condition test that did not hold: the key, the operator, what the policy expected and what the request had.</summary>
/// <param name="Key">The condition key, e.g. <c>aws:PrincipalTag/team</c>.</param>
/// <param name="Operator">The operator as written, e.g. <c>ForAnyValue:StringLikeIfExists</c>.</param>
/// <param name="Expected">The policy's values as written.</param>
/// <param name="Actual">The request's values (empty when the key was absent; redacted for keys that may carry a secret).</param>
public sealed record ConditionFinding(string Key, string Operator, IReadOnlyList<string> Expected, IReadOnlyList<string> Actual);
