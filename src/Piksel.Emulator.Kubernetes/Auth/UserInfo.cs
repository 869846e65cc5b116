namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>An authenticated caller, as the API server's authenticators describe one.</summary>
/// <param name="Name">e.g. <c>kubernetes-admin</c> or <c>system:serviceaccount:ns:name</c>.</param>
/// <param name="Uid">Stable id (service accounts: their UID).</param>
/// <param name="Groups">e.g. <c>system:masters</c>, <c>system:authenticated</c>, <c>system:serviceaccounts:ns</c>.</param>
/// <param name="Extra">Extra attributes (e.g. <c>authentication.kubernetes.io/pod-name</c>).</param>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>The cluster admin from the kubeconfig's client certificate.</summary>
    public static UserInfo Admin(string name = Security.ClusterCertificates.AdminUser) =>
        new(name, "", ["system:masters", "system:authenticated"], new Dictionary<string, IReadOnlyList<string>>());
}

/// <summary>One way of proving who the caller is (client certificate, bearer token…).</summary>
public interface IAuthenticator
{
    /// <summary>The caller, null when this authenticator does not recognise the request, or throws 401 when it recognises but refuses it.</summary>
    ValueTask<UserInfo?> AuthenticateAsync(Microsoft.AspNetCore.Http.HttpContext http, CancellationToken cancellationToken);
}

/// <summary>What a request wants to do, for authorization.</summary>
public sealed record RequestAttributes(UserInfo User, string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name);

/// <summary>Decides whether an authenticated request may proceed. The default allows every authenticated caller (RBAC comes in its own piece).</summary>
public interface IRequestAuthorizer
{
    /// <summary>Null when allowed; otherwise the reason.</summary>
    string? Authorize(RequestAttributes attributes);
}

/// <summary>Authenticated is allowed.</summary>
public sealed class AllowAuthenticated : IRequestAuthorizer
{
    /// <inheritdoc />
    public string? Authorize(RequestAttributes attributes) => null;
}
