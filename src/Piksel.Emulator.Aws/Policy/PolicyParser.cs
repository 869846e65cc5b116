
namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// IAM's policy grammar with its MalformedPolicyDocument sentences. The checks run in IAM's order: syntax first
/// (any shape problem is "Syntax errors in policy."), then version, legacy parsing, Sid uniqueness, actions,
/// resources, resource format and action prefixes, then the rules of the document's use.
/// </summary>
internal sealed class PolicyParser(string json, PolicyUsage usage)
{
    private List<RawStatement> raw = [];
    private string? version;
    private string? id;

    public PolicyDocument Parse()
    {
        (version, id, raw) = PolicySyntax.Read(json);
        if (usage == PolicyUsage.ManagedPolicy && version != "2012-10-17")
            throw Fail(PolicyParseError.Version, "Policy document must be version 2012-10-17 or greater.");
        if (raw.Any(s => s.Effect is not ("Allow" or "Deny"))) throw Fail(PolicyParseError.LegacyParsing, "The policy failed legacy parsing");
        CheckUsageFirst();
        var sids = raw.Select(s => s.Sid).Where(s => !string.IsNullOrEmpty(s)).ToList();
        if (sids.Count != sids.Distinct(StringComparer.Ordinal).Count())
            throw Fail(PolicyParseError.DuplicateSid, "Statement IDs (SID) in a single policy must be unique.");
        if (raw.Any(s => (s.Action ?? s.NotAction) is null or { Count: 0 }))
            throw Fail(PolicyParseError.MissingActions, "Policy statement must contain actions.");
        if (usage != PolicyUsage.Trust && usage != PolicyUsage.Any && raw.Any(s => (s.Resource ?? s.NotResource) is null or { Count: 0 }))
            throw Fail(PolicyParseError.MissingResources, "Policy statement must contain resources.");
        foreach (var s in raw)
        {
            foreach (var r in (s.Resource ?? s.NotResource ?? []).OrderDescending(StringComparer.Ordinal))
                CheckResource(r);
        }

        foreach (var s in raw)
        {
            foreach (var a in s.Action ?? s.NotAction ?? [])
                CheckAction(a);
        }

        CheckUsageLast();
        return Compile();
    }

    private void CheckUsageFirst()
    {
        var anyPrincipal = raw.Any(s => s.Principal is not null || s.NotPrincipal is not null);
        switch (usage)
        {
            case PolicyUsage.Identity or PolicyUsage.ManagedPolicy when anyPrincipal:
                throw Fail(PolicyParseError.PrincipalNotAllowed, "Policy document should not specify a principal.");
            case PolicyUsage.Trust when raw.Any(s => s.Resource is not null):
                throw Fail(PolicyParseError.ProhibitedResource, "Has prohibited field Resource");
            case PolicyUsage.Trust when raw.Any(s => s.NotResource is not null):
                throw Fail(PolicyParseError.ProhibitedResource, "Has prohibited field NotResource");
            case PolicyUsage.Trust or PolicyUsage.Resource when raw.Any(s => s.Principal is null && s.NotPrincipal is null):
                throw Fail(PolicyParseError.MissingPrincipal, "Missing required field Principal");
        }
    }

    private void CheckUsageLast()
    {
        if (usage is not (PolicyUsage.Trust or PolicyUsage.Resource)) return;
        foreach (var p in raw.SelectMany(s => new[] { s.Principal, s.NotPrincipal }).OfType<PolicyPrincipals>())
        {
            foreach (var aws in p.Aws)
            {
                if (aws != "*" && PolicyPrincipals.AccountOf(aws) is null && Arn.TryParse(aws) is not { Service: "iam" or "sts" })
                    throw Fail(PolicyParseError.InvalidPrincipal, $"Invalid principal in policy: \"AWS\":\"{aws}\"");
            }
        }

        if (usage == PolicyUsage.Trust && raw.SelectMany(s => s.Action ?? s.NotAction ?? []).Any(a => a != "*" && !a.StartsWith("sts:", StringComparison.OrdinalIgnoreCase)))
            throw Fail(PolicyParseError.TrustAction, "AssumeRole policy may only specify STS AssumeRole actions.");
    }

    private static void CheckResource(string resource)
    {
        if (resource == "*") return;
        var parts = resource.Split(':');
        if (parts.Length < 2) throw Fail(PolicyParseError.ResourceFormat, $"Resource {resource} must be in ARN format or \"*\".");
        if (parts.Length < 3 || parts[2].Length == 0 || parts[2].AsSpan().IndexOfAny('*', '?') >= 0)
            throw Fail(PolicyParseError.ResourceFormat, "Resource vendor must be fully qualified and cannot contain regexes.");
    }

    private static void CheckAction(string action)
    {
        var parts = action.Split(':');
        if (parts.Length == 1 && action != "*")
            throw Fail(PolicyParseError.ActionFormat, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        if (parts.Length > 2) throw Fail(PolicyParseError.ActionFormat, "Actions/Condition can contain only one colon.");
        if (action != "*" && (parts[0].Length == 0 || !parts[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
            throw Fail(PolicyParseError.ActionFormat, $"Vendor {parts[0]} is not valid");
    }

    private static PolicyParseException Fail(PolicyParseError error, string message) => new(message) { Error = error };

    private PolicyDocument Compile()
    {
        var variables = version == "2012-10-17";
        var statements = raw.Select(s => new PolicyStatement
        {
            Sid = s.Sid,
            Effect = s.Effect == "Deny" ? PolicyEffect.Deny : PolicyEffect.Allow,
            Actions = s.Action?.Select(a => a.ToLowerInvariant()).ToArray(),
            NotActions = s.NotAction?.Select(a => a.ToLowerInvariant()).ToArray(),
            Resources = s.Resource?.Select(r => PolicyPattern.Compile(r, variables)).ToArray(),
            NotResources = s.NotResource?.Select(r => PolicyPattern.Compile(r, variables)).ToArray(),
            Principal = s.Principal,
            NotPrincipal = s.NotPrincipal,
            Conditions = s.Conditions.Select(c =>
            {
                _ = PolicyCondition.TryParseOperator(c.Operator, out var op, out var set, out var ifExists);
                var withVariables = variables && PolicyCondition.TakesVariables(op);
                return new PolicyCondition
                {
                    Operator = op,
                    Set = set,
                    IfExists = ifExists,
                    Key = c.Key,
                    Values = c.Values.Select(v => PolicyPattern.Compile(v, withVariables)).ToArray(),
                };
            }).ToArray(),
        }).ToArray();
        return new PolicyDocument { Version = version, Id = id, Statements = statements };
    }
}
