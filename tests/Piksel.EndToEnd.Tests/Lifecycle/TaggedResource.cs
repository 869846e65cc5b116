namespace Piksel.EndToEnd.Tests.Lifecycle;

/// <summary>One resource found carrying the environment's tags.</summary>
/// <param name="Account">The account it lives in.</param>
/// <param name="Kind">The spec kind it corresponds to (<c>IamRole</c>, <c>KmsKey</c>…).</param>
/// <param name="Name">Its name (a KMS key's id, an OIDC provider's ARN).</param>
/// <param name="State">A state worth printing (a KMS key's KeyState), or null.</param>
internal sealed record TaggedResource(string Account, string Kind, string Name, string? State = null)
{
    public override string ToString() => $"{Account} {Kind} {Name}" + (State is null ? "" : $" ({State})");
}
