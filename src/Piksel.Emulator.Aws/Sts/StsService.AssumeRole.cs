using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

public sealed partial class StsService
{
    /// <summary>
    /// AssumeRole: the trust policy must allow the signed caller (with sts:ExternalId, session tags and source identity
    /// as condition keys); the new session acts with the role's policies intersected with the session policies.
    /// </summary>
    private Task AssumeRole(AwsRequestContext context)
    {
        var query = context.Query;
        var roleArn = SessionParameters.RoleArn(query);
        var sessionName = SessionParameters.SessionName(query);
        var externalId = SessionParameters.ExternalId(query);
        var policies = SessionParameters.Policies(query, state.Iam);
        var tags = SessionParameters.Tags(query);
        var transitive = query.GetList("TransitiveTagKeys");
        var missingTransitive = transitive.FirstOrDefault(k => !tags.ContainsKey(k));
        if (missingTransitive is not null)
            throw StsErrors.Validation($"The specified transitive tag key must be included in the requested tags. Key: {missingTransitive}");
        var requestedSourceIdentity = SessionParameters.SourceIdentity(query.Get("SourceIdentity"));

        // A source identity, once set, follows every chained session and cannot be changed.
        var callerSession = IsChained(context.Caller) && context.Caller.AccessKeyId is { } key ? state.Credentials.Sessions.Find(key) : null;
        var sourceIdentity = callerSession?.SourceIdentity ?? requestedSourceIdentity;
        if (callerSession?.SourceIdentity is { } inherited && requestedSourceIdentity is not null && requestedSourceIdentity != inherited)
            throw StsErrors.AccessDenied($"User: {context.Caller.Arn} is not authorized to perform: sts:SetSourceIdentity on resource: {roleArn}: the source identity is already set to a different value");

        var role = RoleOrDenied(roleArn, "sts:AssumeRole", context.Caller.Arn);
        var duration = SessionParameters.Duration(query, role, IsChained(context.Caller));
        var packed = SessionParameters.PackedSize(policies, tags);

        var keys = ContextKeys(sessionName, tags, transitive, sourceIdentity);
        if (externalId is not null) keys["sts:ExternalId"] = [externalId];
        var trust = new ResourcePolicy(role.AssumeRolePolicyDocument, ResourcePolicyKind.TrustPolicy);
        context.Authorize("sts:AssumeRole", role.Arn, trust, role.AccountId, keys);
        if (tags.Count > 0) context.Authorize("sts:TagSession", role.Arn, trust, role.AccountId, keys);
        if (requestedSourceIdentity is not null) context.Authorize("sts:SetSourceIdentity", role.Arn, trust, role.AccountId, keys);

        var session = SessionIssuer.Issue(state, new SessionGrant
        {
            Role = role,
            SessionName = sessionName,
            DurationSeconds = duration,
            Policies = policies,
            Tags = tags,
            SourceIdentity = sourceIdentity,
        });
        return Write(context, "AssumeRole", xml =>
        {
            SessionIssuer.WriteSession(xml, session);
            if (packed is { } size) xml.WriteElementString("PackedPolicySize", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteOptional("SourceIdentity", session.SourceIdentity);
        });
    }

    /// <summary>The condition keys every AssumeRole* request carries (names are case-insensitive in IAM).</summary>
    private static Dictionary<string, IReadOnlyList<string>> ContextKeys(string sessionName, IReadOnlyDictionary<string, string> tags,
        IReadOnlyList<string> transitiveTagKeys, string? sourceIdentity)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["sts:RoleSessionName"] = [sessionName],
        };
        foreach (var (key, value) in tags) keys[$"aws:RequestTag/{key}"] = [value];
        if (tags.Count > 0) keys["aws:TagKeys"] = [.. tags.Keys];
        if (transitiveTagKeys.Count > 0) keys["sts:TransitiveTagKeys"] = transitiveTagKeys;
        if (sourceIdentity is not null) keys["sts:SourceIdentity"] = [sourceIdentity];
        return keys;
    }

    /// <summary>
    /// Finds the role a request names. AWS does not reveal whether a role exists: a missing role is denied like one
    /// whose trust policy does not name the caller.
    /// </summary>
    private RoleRecord RoleOrDenied(Arn roleArn, string action, string callerArn) =>
        state.Iam.FindRoleByArn(roleArn.ToString())
        ?? throw StsErrors.AccessDenied($"User: {callerArn} is not authorized to perform: {action} on resource: {roleArn}");
}
