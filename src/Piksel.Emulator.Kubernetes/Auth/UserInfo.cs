using Piksel.Emulator.Kubernetes.Tokens;

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

    /// <summary>A service account as its tokens authenticate it (<c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>), e.g. a controller's own.</summary>
    public static UserInfo ServiceAccount(string ns, string name) =>
        new(ServiceAccountUser.Name(ns, name), "", ServiceAccountUser.Groups(ns), new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>A component with a certificate identity (<c>system:kube-controller-manager</c>, <c>system:node:&lt;name&gt;</c>) in <paramref name="groups"/>.</summary>
    public static UserInfo Component(string name, params string[] groups) =>
        new(name, "", [.. groups, "system:authenticated"], new Dictionary<string, IReadOnlyList<string>>());
}
