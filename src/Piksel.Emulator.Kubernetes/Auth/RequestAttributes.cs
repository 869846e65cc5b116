namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>What a request wants to do, for authorization: a verb on a resource, or (with <see cref="Path"/>) on a non-resource URL.</summary>
public sealed record RequestAttributes(UserInfo User, string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary>The non-resource URL (<c>/version</c>, <c>/apis</c>) of a non-resource request; null for a resource request.</summary>
    public string? Path { get; init; }

    /// <summary>A request for a non-resource URL (RBAC's <c>nonResourceURLs</c>).</summary>
    public static RequestAttributes NonResource(UserInfo user, string verb, string path) => new(user, verb, "", "", null, null, null) { Path = path };
}
