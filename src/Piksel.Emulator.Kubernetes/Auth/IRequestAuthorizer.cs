namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>Decides whether an authenticated request may proceed. The default allows every authenticated caller (RBAC comes in its own piece).</summary>
public interface IRequestAuthorizer
{
    /// <summary>Null when allowed; otherwise the reason.</summary>
    string? Authorize(RequestAttributes attributes);
}
