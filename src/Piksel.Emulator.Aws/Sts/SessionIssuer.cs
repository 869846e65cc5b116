using System.Security.Cryptography;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>
/// Issues role-session credentials (ASIA… key, secret, session token) and records them in the durable sessions table,
/// from where <see cref="CredentialStore"/> resolves the key to the role session on later requests.
/// </summary>
internal static class SessionIssuer
{
    /// <summary>Expired sessions are kept this long (so their keys still answer ExpiredToken) before they are dropped.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public static SessionCredentialRecord Issue(EmulatorState state, SessionGrant grant)
    {
        // AWS reports the expiry to the second; keep exactly what was reported.
        var now = state.Time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var record = new SessionCredentialRecord
        {
            AccessKeyId = CredentialStore.NewId("ASIA"),
            SecretAccessKey = CredentialStore.NewSecret(),
            SessionToken = NewSessionToken(),
            Expiration = now.AddSeconds(grant.DurationSeconds),
            AccountId = grant.Role.AccountId,
            RoleArn = grant.Role.Arn,
            RoleName = grant.Role.RoleName,
            RoleId = grant.Role.RoleId,
            SessionName = grant.SessionName,
            SessionPolicies = grant.Policies,
            SessionTags = grant.Tags,
            FederatedProvider = grant.FederatedProvider,
            SourceIdentity = grant.SourceIdentity,
        };
        Prune(state, now);
        state.Credentials.Sessions.Put(record.AccessKeyId, record);
        return record;
    }

    /// <summary><c>arn:aws:sts::A:assumed-role/Role/Session</c> (the role's path is not part of it).</summary>
    public static string AssumedRoleArn(SessionCredentialRecord session) =>
        $"arn:aws:sts::{session.AccountId}:assumed-role/{session.RoleName}/{session.SessionName}";

    /// <summary>Writes <c>&lt;Credentials&gt;</c> and <c>&lt;AssumedRoleUser&gt;</c>.</summary>
    public static void WriteSession(XmlWriter xml, SessionCredentialRecord session)
    {
        xml.WriteStartElement("Credentials");
        xml.WriteElementString("AccessKeyId", session.AccessKeyId);
        xml.WriteElementString("SecretAccessKey", session.SecretAccessKey);
        xml.WriteElementString("SessionToken", session.SessionToken);
        xml.WriteElementString("Expiration", QueryResponse.Timestamp(session.Expiration));
        xml.WriteEndElement();
        xml.WriteStartElement("AssumedRoleUser");
        xml.WriteElementString("AssumedRoleId", $"{session.RoleId}:{session.SessionName}");
        xml.WriteElementString("Arn", AssumedRoleArn(session));
        xml.WriteEndElement();
    }

    /// <summary>
    /// An opaque token as long as AWS's (several hundred characters of base64); it starts like AWS's tokens do
    /// (<c>IQoJb3JpZ2luX2Vj</c>) so tools that sniff it are not surprised.
    /// </summary>
    private static string NewSessionToken() => "IQoJb3JpZ2luX2Vj" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(300));

    private static void Prune(EmulatorState state, DateTimeOffset now)
    {
        // A scan of the table at most once a minute (and at the first session after a start), so sessions long expired
        // go however few are issued.
        var credentials = state.Credentials;
        if (now - credentials.LastPrune < TimeSpan.FromMinutes(1)) return;
        credentials.LastPrune = now;
        var sessions = credentials.Sessions;
        foreach (var stale in sessions.Items.Where(kv => kv.Value.Expiration + Retention < now).Select(kv => kv.Key).ToList())
            sessions.Remove(stale);
    }
}
