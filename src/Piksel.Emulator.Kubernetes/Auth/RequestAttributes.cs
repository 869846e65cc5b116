namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>What a request wants to do, for authorization.</summary>
public sealed record RequestAttributes(UserInfo User, string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name);
