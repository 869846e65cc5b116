using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// Finds in IAM the policies that speak for a caller: its identity policies, boundary and session policies, as they have
/// propagated (<see cref="IamStore.Effective"/>): a change made a moment ago is not in force yet when IAM is slow to propagate.
/// </summary>
internal sealed class CallerPolicies(IamStore iam)
{
    /// <summary>The caller's identity policies, permissions boundary (null when none) and session policies.</summary>
    public (List<NamedPolicy> Identity, NamedPolicy? Boundary, List<NamedPolicy> Session) Gather(Principal caller)
    {
        var identity = new List<NamedPolicy>();
        NamedPolicy? boundary = null;
        IReadOnlyDictionary<string, string>? inline = null;
        IReadOnlyList<string>? attached = null;
        string? boundaryArn = null;
        switch (caller.Kind)
        {
            case PrincipalKind.User when caller.Name is not null && iam.Effective.FindUser(caller.AccountId, caller.Name) is { } user:
                (inline, attached, boundaryArn) = (user.InlinePolicies, user.AttachedPolicyArns, user.PermissionsBoundaryArn);
                break;
            case PrincipalKind.AssumedRole when FindRole(caller) is { } role:
                (inline, attached, boundaryArn) = (role.InlinePolicies, role.AttachedPolicyArns, role.PermissionsBoundaryArn);
                break;
        }
        if (inline is not null)
            foreach (var (name, json) in inline) identity.Add(new NamedPolicy(name, PolicyDocument.ForEvaluation(json)));
        foreach (var arn in attached ?? [])
            if (iam.Effective.FindPolicyDocument(arn) is { } json) identity.Add(new NamedPolicy(arn, PolicyDocument.ForEvaluation(json)));
        // A boundary whose policy cannot be found allows nothing rather than everything.
        if (boundaryArn is not null)
            boundary = new NamedPolicy(boundaryArn, iam.Effective.FindPolicyDocument(boundaryArn) is { } b ? PolicyDocument.ForEvaluation(b) : PolicyDocument.Empty);
        var session = caller.Kind == PrincipalKind.AssumedRole
            ? caller.SessionPolicies.Select((json, i) => new NamedPolicy($"session policy {i + 1}", PolicyDocument.ForEvaluation(json))).ToList()
            : [];
        return (identity, boundary, session);
    }

    private RoleRecord? FindRole(Principal caller) =>
        (caller.RoleArn is not null ? iam.Effective.FindRoleByArn(caller.RoleArn) : null)
        ?? (caller.RoleName is not null ? iam.Effective.FindRole(caller.AccountId, caller.RoleName) : null);
}
