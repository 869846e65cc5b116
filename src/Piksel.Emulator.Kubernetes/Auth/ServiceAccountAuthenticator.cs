using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Tokens;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>
/// Bearer service-account tokens (<c>Authorization: Bearer &lt;JWT&gt;</c>) issued by this cluster: valid for the API
/// audience, unexpired, and their service account (and bound pod or secret) still there with the same uid. The user is
/// <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> in <c>system:serviceaccounts</c> and <c>system:serviceaccounts:&lt;ns&gt;</c>.
/// </summary>
public sealed class ServiceAccountAuthenticator(ServiceAccountTokens tokens) : IAuthenticator
{
    /// <inheritdoc />
    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[7..].Trim();
        // A JWT has two dots; anything else is another authenticator's token.
        if (token.Count(c => c == '.') != 2) return null;
        var result = await tokens.ValidateAsync(token);
        return result.User;
    }
}
