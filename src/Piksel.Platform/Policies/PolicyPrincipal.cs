namespace Piksel.Platform.Policies;

/// <summary>
/// The <c>Principal</c> of a resource or trust policy: everyone (<c>"*"</c>) or principals by type
/// (<c>AWS</c>, <c>Service</c>, <c>Federated</c>).
/// </summary>
public sealed record PolicyPrincipal
{
    /// <summary><c>"Principal": "*"</c>: anyone, including anonymous callers.</summary>
    public static PolicyPrincipal Anyone { get; } = new() { IsAnyone = true };

    /// <summary>True for <c>"*"</c>. Default: false.</summary>
    public bool IsAnyone { get; init; }

    /// <summary>Principal type → identifiers, in insertion order. Default: none.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> ByType { get; init; } = [];

    /// <summary>An AWS account, user or role principal.</summary>
    public static PolicyPrincipal Aws(params string[] arns) => Of("AWS", arns);

    /// <summary>An AWS service principal such as <c>eks.amazonaws.com</c>.</summary>
    public static PolicyPrincipal Service(params string[] services) => Of("Service", services);

    /// <summary>A web-identity (OIDC) or SAML provider principal.</summary>
    public static PolicyPrincipal Federated(params string[] providers) => Of("Federated", providers);

    /// <summary>The identifiers of one type (empty when the type is absent).</summary>
    public IReadOnlyList<string> Get(string type) =>
        ByType.FirstOrDefault(p => string.Equals(p.Key, type, StringComparison.Ordinal)).Value ?? [];

    private static PolicyPrincipal Of(string type, string[] ids) =>
        ids.Length == 0
            ? throw new ArgumentException($"A {type} principal needs at least one identifier.", nameof(ids))
            : new() { ByType = [new(type, ids)] };

    internal PolicyPrincipal Map(Func<string, string> map) => this with
    {
        ByType = ByType.Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.Key, p.Value.Select(map).ToArray())).ToArray(),
    };
}
