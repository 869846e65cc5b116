using System.Globalization;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>
/// AssumeRole: the trust policy must allow the signed caller (with sts:ExternalId, session tags and source identity
/// as condition keys); the new session acts with the role's policies intersected with the session policies.
/// </summary>
internal sealed class AssumeRoleOperations(EmulatorState state) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table.Add("AssumeRole", "sts:AssumeRole", AssumeRole);

    private OperationCall AssumeRole(AwsRequestContext context)
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
        var chained = IsChained(context.Caller);
        var callerSession = chained && context.Caller.AccessKeyId is { } key ? state.Credentials.Sessions.Find(key) : null;
        var sourceIdentity = callerSession?.SourceIdentity ?? requestedSourceIdentity;
        if (callerSession?.SourceIdentity is { } inherited && requestedSourceIdentity is not null && requestedSourceIdentity != inherited)
            throw StsErrors.AccessDenied($"User: {context.Caller.Arn} is not authorized to perform: sts:SetSourceIdentity on resource: {roleArn}: the source identity is already set to a different value");

        var role = RoleOrDenied(roleArn, context.Caller.Arn);
        var duration = SessionParameters.Duration(query, role, chained);
        var packed = SessionParameters.PackedSize(policies, tags);

        var keys = SessionConditionKeys.Of(sessionName, tags, transitive, sourceIdentity);
        if (externalId is not null) keys["sts:ExternalId"] = [externalId];
        var trust = new Access(role.Arn)
        {
            ResourcePolicy = new ResourcePolicy(role.AssumeRolePolicyDocument, ResourcePolicyKind.TrustPolicy),
            ResourceAccount = role.AccountId,
            ContextKeys = keys,
        };
        var call = OperationCall.On(trust, () =>
        {
            var session = SessionIssuer.Issue(state, new SessionGrant
            {
                Role = role,
                SessionName = sessionName,
                DurationSeconds = duration,
                Policies = policies,
                Tags = tags,
                SourceIdentity = sourceIdentity,
            });
            return StsResponse.WriteAsync(context, "AssumeRole", xml =>
            {
                SessionIssuer.WriteSession(xml, session);
                if (packed is { } size) xml.WriteElementString("PackedPolicySize", size.ToString(CultureInfo.InvariantCulture));
                xml.WriteOptional("SourceIdentity", session.SourceIdentity);
            });
        });
        // Passing session tags and setting a source identity are permissions of their own, granted by the same trust policy.
        if (tags.Count > 0) call.AndAlso("sts:TagSession", trust);
        if (requestedSourceIdentity is not null) call.AndAlso("sts:SetSourceIdentity", trust);
        return call;
    }

    /// <summary>True when the caller is itself a role session: assuming a role from it is role chaining (1 hour cap).</summary>
    private static bool IsChained(Principal caller) => caller.Kind == PrincipalKind.AssumedRole;

    /// <summary>
    /// Finds the role a request names, as it has propagated from IAM. AWS does not reveal whether a role exists: a
    /// missing role (or one created too recently to have propagated) is denied like one whose trust policy does not name the caller.
    /// </summary>
    private RoleRecord RoleOrDenied(Arn roleArn, string callerArn) =>
        state.Iam.Effective.FindRoleByArn(roleArn.ToString())
        ?? throw StsErrors.AccessDenied($"User: {callerArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
}
