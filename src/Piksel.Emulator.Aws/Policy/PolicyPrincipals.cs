using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>How a resource policy's Principal named the caller; the Authorizer's decision depends on it.</summary>
public enum PrincipalMatch
{
    /// <summary>Not named.</summary>
    None,
    /// <summary>Through its account (<c>"AWS": "A"</c> or <c>arn:aws:iam::A:root</c>): the account's IAM policies decide too.</summary>
    Account,
    /// <summary>A role session through its role's ARN: still limited by boundary and session policies.</summary>
    Role,
    /// <summary>By its own ARN (user, role session, federated provider) or <c>*</c>: grants on its own within an account.</summary>
    Direct,
}

/// <summary>A Principal or NotPrincipal element: <c>"*"</c> or a map of AWS / Service / Federated / CanonicalUser values.</summary>
internal sealed class PolicyPrincipals
{
    public bool Everyone { get; init; }
    public IReadOnlyList<string> Aws { get; init; } = [];
    public IReadOnlyList<string> Service { get; init; } = [];
    public IReadOnlyList<string> Federated { get; init; } = [];
    public IReadOnlyList<string> CanonicalUser { get; init; } = [];

    /// <summary>The strongest way this element names <paramref name="caller"/>.</summary>
    public PrincipalMatch Match(Principal caller, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        if (Everyone) return PrincipalMatch.Direct;
        var best = PrincipalMatch.None;
        foreach (var entry in Aws)
        {
            var m = MatchAws(entry, caller);
            if (m > best) best = m;
        }
        if (best == PrincipalMatch.Direct) return best;
        var provider = caller.FederatedProvider ?? Single(keys, "aws:FederatedProvider");
        if (provider is not null && Federated.Any(f => string.Equals(f, provider, StringComparison.OrdinalIgnoreCase))) return PrincipalMatch.Direct;
        // The emulator has no service callers; a service principal is only matched when a service passes aws:PrincipalServiceName.
        var service = Single(keys, "aws:PrincipalServiceName");
        if (service is not null && Service.Any(s => string.Equals(s, service, StringComparison.OrdinalIgnoreCase))) return PrincipalMatch.Direct;
        return best;
    }

    /// <summary>
    /// NotPrincipal excludes a caller only when every identity it acts as is listed: a role session's session ARN,
    /// role ARN and account; a user's ARN and account. That is why AWS tells you to list the account too.
    /// </summary>
    public bool Lists(Principal caller, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        if (Everyone) return true;
        if (caller.Kind == PrincipalKind.Anonymous) return Match(caller, keys) == PrincipalMatch.Direct;
        var accountListed = Aws.Any(a => AccountOf(a) == caller.AccountId);
        return caller.Kind switch
        {
            PrincipalKind.Root => accountListed,
            PrincipalKind.User => accountListed && Aws.Contains(caller.Arn, StringComparer.Ordinal),
            PrincipalKind.AssumedRole => accountListed && Aws.Contains(caller.Arn, StringComparer.Ordinal)
                && caller.RoleArn is not null && Aws.Contains(caller.RoleArn, StringComparer.Ordinal),
            _ => false,
        };
    }

    private static PrincipalMatch MatchAws(string entry, Principal caller)
    {
        if (entry == "*") return PrincipalMatch.Direct;
        if (caller.Kind == PrincipalKind.Anonymous) return PrincipalMatch.None;
        var account = AccountOf(entry);
        if (account is not null) return account == caller.AccountId ? PrincipalMatch.Account : PrincipalMatch.None;
        if (string.Equals(entry, caller.Arn, StringComparison.Ordinal)) return PrincipalMatch.Direct;
        if (caller.Kind == PrincipalKind.AssumedRole && string.Equals(entry, caller.RoleArn, StringComparison.Ordinal)) return PrincipalMatch.Role;
        return PrincipalMatch.None;
    }

    /// <summary>The account id an entry names as a whole (<c>123456789012</c> or <c>arn:aws:iam::123456789012:root</c>), else null.</summary>
    public static string? AccountOf(string entry)
    {
        if (entry.Length == 12 && entry.All(char.IsAsciiDigit)) return entry;
        var arn = Arn.TryParse(entry);
        return arn is { Service: "iam", Resource: "root" } ? arn.Account : null;
    }

    private static string? Single(IReadOnlyDictionary<string, IReadOnlyList<string>> keys, string key) =>
        keys.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;
}
