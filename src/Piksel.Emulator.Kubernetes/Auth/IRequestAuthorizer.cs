namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>Decides whether an authenticated request may proceed. The default allows every authenticated caller (RBAC comes in its own piece).</summary>
public interface IRequestAuthorizer
{
    /// <summary>Null when allowed; otherwise the reason.</summary>
    string? Authorize(RequestAttributes attributes);

    /// <summary>
    /// Why a rules review (<c>kubectl auth can-i --list</c>) cannot list everything this authorizer grants, or null when
    /// it can: a webhook authorizer answers single requests but cannot enumerate rules, so the review says it is incomplete.
    /// </summary>
    string? RuleResolutionError => null;
}
