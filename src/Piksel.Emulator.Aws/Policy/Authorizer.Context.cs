using System.Globalization;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

public sealed partial class Authorizer
{
    /// <summary>The global condition keys AWS puts in every request context, then the request's own keys on top.</summary>
    internal static Dictionary<string, IReadOnlyList<string>> ConditionKeys(AuthorizationRequest request)
    {
        var caller = request.Caller;
        var facts = request.Facts;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:CurrentTime"] = [facts.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
            ["aws:EpochTime"] = [facts.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)],
            ["aws:SecureTransport"] = [facts.SecureTransport ? "true" : "false"],
            ["aws:RequestedRegion"] = [facts.Region],
            ["aws:PrincipalIsAWSService"] = ["false"],
            ["aws:userid"] = [caller.UserId],
        };
        if (facts.SourceIp is { } ip) keys["aws:SourceIp"] = [(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()];
        var resourceAccount = request.ResourceAccount ?? (caller.Kind == PrincipalKind.Anonymous ? null : caller.AccountId);
        if (!string.IsNullOrEmpty(resourceAccount)) keys["aws:ResourceAccount"] = [resourceAccount];
        switch (caller.Kind)
        {
            case PrincipalKind.Anonymous:
                keys["aws:PrincipalType"] = ["Anonymous"];
                break;
            case PrincipalKind.Root:
                keys["aws:PrincipalType"] = ["Account"];
                keys["aws:PrincipalArn"] = [caller.Arn];
                keys["aws:PrincipalAccount"] = [caller.AccountId];
                break;
            case PrincipalKind.User:
                keys["aws:PrincipalType"] = ["User"];
                keys["aws:PrincipalArn"] = [caller.Arn];
                keys["aws:PrincipalAccount"] = [caller.AccountId];
                if (caller.Name is not null) keys["aws:username"] = [caller.Name];
                break;
            case PrincipalKind.AssumedRole:
                keys["aws:PrincipalType"] = ["AssumedRole"];
                // For a role session aws:PrincipalArn is the role's ARN, not the session's.
                keys["aws:PrincipalArn"] = [caller.RoleArn ?? caller.Arn];
                keys["aws:PrincipalAccount"] = [caller.AccountId];
                break;
        }
        if (caller.FederatedProvider is not null) keys["aws:FederatedProvider"] = [caller.FederatedProvider];
        foreach (var (tag, value) in caller.Tags) keys["aws:PrincipalTag/" + tag] = [value];
        foreach (var (key, values) in request.ContextKeys) keys[key] = values;
        return keys;
    }

    /// <summary>The caller's identity policies, permissions boundary (null when none) and session policies.</summary>
    private (List<PolicyDocument> Identity, PolicyDocument? Boundary, List<PolicyDocument> Session) Gather(Principal caller)
    {
        var identity = new List<PolicyDocument>();
        PolicyDocument? boundary = null;
        IReadOnlyDictionary<string, string>? inline = null;
        IReadOnlyList<string>? attached = null;
        string? boundaryArn = null;
        switch (caller.Kind)
        {
            case PrincipalKind.User when caller.Name is not null && iam.FindUser(caller.AccountId, caller.Name) is { } user:
                (inline, attached, boundaryArn) = (user.InlinePolicies, user.AttachedPolicyArns, user.PermissionsBoundaryArn);
                break;
            case PrincipalKind.AssumedRole when FindRole(caller) is { } role:
                (inline, attached, boundaryArn) = (role.InlinePolicies, role.AttachedPolicyArns, role.PermissionsBoundaryArn);
                break;
        }
        foreach (var json in inline?.Values ?? []) identity.Add(PolicyDocument.ForEvaluation(json));
        foreach (var arn in attached ?? [])
            if (iam.FindPolicyDocument(arn) is { } json) identity.Add(PolicyDocument.ForEvaluation(json));
        // A boundary whose policy cannot be found allows nothing rather than everything.
        if (boundaryArn is not null) boundary = iam.FindPolicyDocument(boundaryArn) is { } b ? PolicyDocument.ForEvaluation(b) : PolicyDocument.Empty;
        var session = caller.Kind == PrincipalKind.AssumedRole ? caller.SessionPolicies.Select(PolicyDocument.ForEvaluation).ToList() : [];
        return (identity, boundary, session);
    }

    private RoleRecord? FindRole(Principal caller) =>
        (caller.RoleArn is not null ? iam.FindRoleByArn(caller.RoleArn) : null)
        ?? (caller.RoleName is not null ? iam.FindRole(caller.AccountId, caller.RoleName) : null);
}
