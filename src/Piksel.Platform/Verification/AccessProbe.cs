namespace Piksel.Platform.Verification;

/// <summary>
/// One AWS call a verification makes with a role's credentials, to see least privilege hold: the action the policy
/// engine evaluates, and a short description for the verification table. The call itself is made by the provider's
/// verifier (Piksel.Hosting), so the same probe runs on every provider.
/// </summary>
public abstract record AccessProbe
{
    /// <summary>The IAM action the call needs, e.g. <c>s3:PutObject</c>.</summary>
    public abstract string Action { get; }

    /// <summary>What the call touches, as the table shows it.</summary>
    public abstract string Target { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Target}";
}
