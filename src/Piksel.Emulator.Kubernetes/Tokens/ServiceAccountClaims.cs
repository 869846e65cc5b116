namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>A name and uid in the <c>kubernetes.io</c> claim (service account, bound pod or secret).</summary>
public sealed record ObjectRef(string Name, string Uid);

/// <summary>What a service-account token says, as <c>pkg/serviceaccount/claims.go</c> builds it.</summary>
/// <param name="ExpirationSeconds">Lifetime written into <c>exp</c> (already extended for kubelet tokens).</param>
/// <param name="WarnAfterSeconds">Non-zero for extended kubelet tokens: <c>warnafter</c> = iat + this.</param>
public sealed record ServiceAccountClaims(
    string Namespace,
    ObjectRef ServiceAccount,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    long ExpirationSeconds,
    ObjectRef? Pod = null,
    ObjectRef? Secret = null,
    long WarnAfterSeconds = 0)
{
    /// <summary><c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>.</summary>
    public string Subject => ServiceAccountUser.Name(Namespace, ServiceAccount.Name);
}

/// <summary>How service accounts appear as users (<c>k8s.io/apiserver/pkg/authentication/serviceaccount</c>).</summary>
public static class ServiceAccountUser
{
    /// <summary>Extra key of the bound pod's name.</summary>
    public const string PodNameKey = "authentication.kubernetes.io/pod-name";

    /// <summary>Extra key of the bound pod's uid.</summary>
    public const string PodUidKey = "authentication.kubernetes.io/pod-uid";

    /// <summary>Extra key of the token's id (<c>JTI=&lt;jti&gt;</c>).</summary>
    public const string CredentialIdKey = "authentication.kubernetes.io/credential-id";

    /// <summary><c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>.</summary>
    public static string Name(string ns, string name) => $"system:serviceaccount:{ns}:{name}";

    /// <summary>The groups every service account of <paramref name="ns"/> is in, plus <c>system:authenticated</c>.</summary>
    public static IReadOnlyList<string> Groups(string ns) => ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"];
}
