using System.Security.Cryptography;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Identity;

/// <summary>What an access key resolves to: its secret, the session token it demands, and the principal it acts as.</summary>
public sealed record ResolvedCredential(string SecretAccessKey, string? SessionToken, DateTimeOffset? Expiration, Principal Principal, bool Active = true);

/// <summary>
/// Every key the emulator issued: accounts' root keys (from options), IAM users' access keys and STS session credentials.
/// SigV4 verification looks keys up here; a user or role that is gone takes its keys' principal with it.
/// </summary>
public sealed class CredentialStore
{
    private readonly Dictionary<string, AccountOptions> roots;
    private readonly IamStore iam;

    public CredentialStore(IEnumerable<AccountOptions> accounts, IamStore iam, StateStore store)
    {
        roots = accounts.ToDictionary(a => a.AccessKeyId, StringComparer.Ordinal);
        AccountIds = roots.Values.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
        this.iam = iam;
        Sessions = store.Table<SessionCredentialRecord>("sts.sessions");
    }

    /// <summary>The accounts the emulator serves.</summary>
    public IReadOnlySet<string> AccountIds { get; }

    /// <summary>Issued STS session credentials, keyed by access key id.</summary>
    public Table<SessionCredentialRecord> Sessions { get; }

    /// <summary>When expired sessions were last looked for (not durable: a start looks at once).</summary>
    internal DateTimeOffset LastPrune { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Resolves an access key id; null when the emulator never issued it (or its owner is gone).</summary>
    public ResolvedCredential? Resolve(string accessKeyId)
    {
        if (roots.TryGetValue(accessKeyId, out var root))
            return new(root.SecretAccessKey, null, null, Principal.RootOf(root.AccountId, accessKeyId));

        if (Sessions.TryGet(accessKeyId, out var session))
        {
            var role = iam.FindRoleByArn(session.RoleArn);
            if (role is null || role.RoleId != session.RoleId) return null;
            var tags = role.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            foreach (var (k, v) in session.SessionTags) tags[k] = v;
            return new(session.SecretAccessKey, session.SessionToken, session.Expiration, new Principal
            {
                Kind = PrincipalKind.AssumedRole,
                AccountId = session.AccountId,
                Arn = $"arn:aws:sts::{session.AccountId}:assumed-role/{session.RoleName}/{session.SessionName}",
                UserId = $"{session.RoleId}:{session.SessionName}",
                Name = session.SessionName,
                RoleArn = role.Arn,
                RoleName = role.RoleName,
                SessionPolicies = session.SessionPolicies,
                Tags = tags,
                AccessKeyId = accessKeyId,
                FederatedProvider = session.FederatedProvider,
            });
        }

        var key = iam.AccessKeys.Find(accessKeyId);
        if (key is null) return null;
        var user = iam.FindUser(key.AccountId, key.UserName);
        if (user is null) return null;
        return new(key.SecretAccessKey, null, null, new Principal
        {
            Kind = PrincipalKind.User,
            AccountId = user.AccountId,
            Arn = user.Arn,
            UserId = user.UserId,
            Name = user.UserName,
            Tags = user.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            AccessKeyId = accessKeyId,
        }, Active: key.Status == "Active");
    }

    /// <summary>
    /// A new id in AWS's shape: a four-letter prefix and upper-case base-32 characters; access key ids (AKIA, ASIA)
    /// are 20 characters long, unique ids of roles, users and policies (AROA, AIDA, ANPA…) 21.
    /// </summary>
    public static string NewId(string prefix)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Span<char> chars = stackalloc char[prefix is "AKIA" or "ASIA" ? 16 : 17];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return prefix + new string(chars);
    }

    /// <summary>A new 40-character secret access key.</summary>
    public static string NewSecret()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        Span<char> chars = stackalloc char[40];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return new string(chars);
    }
}
