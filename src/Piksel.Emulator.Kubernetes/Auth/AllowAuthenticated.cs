namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>Authenticated is allowed: the innermost authorizer of every chain.</summary>
public sealed class AllowAuthenticated : IRequestAuthorizer
{
    /// <inheritdoc />
    public string? Authorize(RequestAttributes attributes) => null;
}
