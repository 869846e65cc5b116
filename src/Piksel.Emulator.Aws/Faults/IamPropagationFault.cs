namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// A Piksel rule kind, <c>{"iamPropagation": {"delay": 2000}}</c>: IAM changes (a new role, a changed trust policy, a new
/// or changed policy, a new OIDC provider) reach STS, the authorizer and other services only after <see cref="Delay"/>
/// milliseconds of the emulator's clock, as IAM's eventual consistency makes them do in AWS.
/// </summary>
public sealed record IamPropagationFault
{
    /// <summary>Milliseconds (1 to 3,600,000).</summary>
    public int Delay { get; init; }
}
