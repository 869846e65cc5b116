namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>One way of proving who the caller is (client certificate, bearer token…).</summary>
public interface IAuthenticator
{
    /// <summary>The caller, null when this authenticator does not recognise the request, or throws 401 when it recognises but refuses it.</summary>
    ValueTask<UserInfo?> AuthenticateAsync(Microsoft.AspNetCore.Http.HttpContext http, CancellationToken cancellationToken);
}
