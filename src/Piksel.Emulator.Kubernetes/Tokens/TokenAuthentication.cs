using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>The outcome of checking a bearer token: the user it proves, or why not (TokenReview's <c>status.error</c>).</summary>
/// <param name="Audiences">The requested audiences the token is valid for.</param>
public sealed record TokenAuthentication(UserInfo? User, IReadOnlyList<string> Audiences, string? Error)
{
    /// <summary>True when the token proves <see cref="User"/>.</summary>
    public bool Authenticated => User is not null;

    internal static TokenAuthentication Fail(string why) => new(null, [], $"[invalid bearer token, {why}]");
}
