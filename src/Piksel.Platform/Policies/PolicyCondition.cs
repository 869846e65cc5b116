namespace Piksel.Platform.Policies;

/// <summary>One condition: <c>{ Operator: { Key: Values } }</c>.</summary>
/// <param name="Operator">e.g. <c>StringEquals</c>, <c>StringLike</c>, <c>ForAllValues:StringLike</c>.</param>
/// <param name="Key">e.g. <c>aws:SecureTransport</c> or <c>oidc.eks…/id/…:sub</c>.</param>
/// <param name="Values">One or more values; any one matching satisfies the condition.</param>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);
