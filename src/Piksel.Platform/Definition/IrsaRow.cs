using Piksel.Platform.Policies;

namespace Piksel.Platform.Definition;

/// <summary>
/// One row of PLATFORM.md's IRSA table: the service accounts (all in one namespace) that assume a role, and what
/// the role may do.
/// </summary>
/// <param name="Namespace">The service accounts' namespace.</param>
/// <param name="ServiceAccounts">One, or several sharing the role (the trust then uses StringLike with a list).</param>
/// <param name="RolePurpose">The role is <c>piksel-&lt;env&gt;-&lt;purpose&gt;</c>.</param>
/// <param name="ManagedPolicies">AWS managed policy paths, e.g. <c>AmazonEKS_CNI_Policy</c>.</param>
/// <param name="Policy">The inline policy, or null when managed policies say it all.</param>
/// <param name="AddonOwned">
/// True when an EKS add-on makes the service accounts (given the role through <c>serviceAccountRoleArn</c>), as real
/// EKS does: the platform then makes only the role, never the service accounts, or the two would fight over them.
/// </param>
internal sealed record IrsaRow(
    string Namespace, IReadOnlyList<string> ServiceAccounts, string RolePurpose, IReadOnlyList<string> ManagedPolicies, PolicyDocument? Policy,
    bool AddonOwned = false);
