namespace Piksel.Platform.Verification;

/// <summary>
/// What one row of the IRSA table promises, in calls: each service account's token (audience
/// <c>sts.amazonaws.com</c>) assumes <see cref="RoleArn"/>; the <see cref="Allowed"/> calls succeed with the role and the
/// <see cref="Denied"/> calls, just outside its scope, are refused.
/// </summary>
/// <param name="Namespace">The service accounts' namespace.</param>
/// <param name="ServiceAccounts">The service accounts trusted by the role.</param>
/// <param name="RoleArn">The role.</param>
/// <param name="Allowed">Calls inside the role's scope.</param>
/// <param name="Denied">Calls just outside it: another bucket, a write where it may only read, another secret.</param>
/// <param name="AddonOwned">
/// True when an EKS add-on makes the service accounts (the platform makes only the role): only a cluster whose add-ons
/// are EKS's has them to take tokens of. Default false.
/// </param>
public sealed record IrsaExpectation(
    string Namespace,
    IReadOnlyList<string> ServiceAccounts,
    string RoleArn,
    IReadOnlyList<AccessProbe> Allowed,
    IReadOnlyList<AccessProbe> Denied,
    bool AddonOwned = false)
{
    /// <summary>The row's name in tables and test names: <c>namespace/sa[,sa]</c>.</summary>
    public string Name => $"{Namespace}/{string.Join(",", ServiceAccounts)}";
}
