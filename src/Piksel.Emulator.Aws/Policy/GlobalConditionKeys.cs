using System.Globalization;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>The request context an authorization decides on: AWS's global condition keys and the request's own.</summary>
internal static class GlobalConditionKeys
{
    /// <summary>The global condition keys AWS puts in every request context, then the request's own keys on top.</summary>
    public static Dictionary<string, IReadOnlyList<string>> For(AuthorizationRequest request)
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
}
