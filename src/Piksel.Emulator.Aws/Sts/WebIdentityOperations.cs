using System.Globalization;
using System.Text.Json;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Sts.WebIdentity;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>
/// AssumeRoleWithWebIdentity (IRSA): unsigned; the OIDC token is verified for real (issuer registered in the role's
/// account, signature against the issuer's published keys, audience, expiry), then the role's trust policy must allow
/// the federated principal with the token's claims as condition keys.
/// </summary>
internal sealed class WebIdentityOperations(EmulatorState state, WebIdentityTokenVerifier tokens) : IOperationGroup
{
    /// <summary>The claim an OIDC issuer uses to pass session tags (<c>principal_tags</c>, <c>transitive_tag_keys</c>).</summary>
    private const string TagsClaim = "https://aws.amazon.com/tags";
    /// <summary>The claim an OIDC issuer uses to set the source identity.</summary>
    private const string SourceIdentityClaim = "https://aws.amazon.com/source_identity";
    private const string WebIdentityAction = "sts:AssumeRoleWithWebIdentity";

    /// <inheritdoc />
    public void Register(OperationTable table) => table.Add(AwsOperation.Unchecked("AssumeRoleWithWebIdentity",
        "The caller is unsigned: the verified token's federated principal is judged by the role's trust policy, not by identity policies.",
        AssumeRoleWithWebIdentity));

    private OperationCall AssumeRoleWithWebIdentity(AwsRequestContext context)
    {
        var query = context.Query;
        var roleArn = SessionParameters.RoleArn(query);
        var sessionName = SessionParameters.SessionName(query);
        var token = query.Required("WebIdentityToken");
        if (token.Length < 4) throw StsErrors.Validation("webIdentityToken", "***", "Member must have length greater than or equal to 4");
        if (token.Length > 20000) throw StsErrors.Validation("webIdentityToken", "***", "Member must have length less than or equal to 20000");
        if (query.Get("ProviderId") is { Length: < 4 or > 2048 } providerId)
        {
            throw StsErrors.Validation("providerId", providerId, providerId.Length < 4
                ? "Member must have length greater than or equal to 4" : "Member must have length less than or equal to 2048");
        }

        var policies = SessionParameters.Policies(query, state.Iam);

        // A role not yet propagated from IAM is refused as a missing one is.
        var role = state.Iam.Effective.FindRoleByArn(roleArn.ToString()) ?? throw NotAuthorized();
        var duration = SessionParameters.Duration(query, role, chained: false);
        return OperationCall.Unchecked(async () =>
        {
            var identity = await tokens.VerifyAsync(token, roleArn.Account, state.Iam, state.Time, context.Cancellation);
            var (tags, transitive) = TokenTags(identity.Claims);
            var sourceIdentity = SessionParameters.SourceIdentity(
                identity.Claims.TryGetProperty(SourceIdentityClaim, out var si) && si.ValueKind == JsonValueKind.String ? si.GetString() : null);
            var packed = SessionParameters.PackedSize(policies, tags);
            AuthorizeByTrustPolicy(context, role, identity, SessionConditionKeys.Of(sessionName, tags, transitive, sourceIdentity),
                tags.Count > 0, sourceIdentity is not null);

            var session = SessionIssuer.Issue(state, new SessionGrant
            {
                Role = role,
                SessionName = sessionName,
                DurationSeconds = duration,
                Policies = policies,
                Tags = tags,
                FederatedProvider = identity.Provider.Arn,
                SourceIdentity = sourceIdentity,
            });
            await StsResponse.WriteAsync(context, "AssumeRoleWithWebIdentity", xml =>
            {
                SessionIssuer.WriteSession(xml, session);
                xml.WriteElementString("SubjectFromWebIdentityToken", identity.Subject);
                if (packed is { } size) xml.WriteElementString("PackedPolicySize", size.ToString(CultureInfo.InvariantCulture));
                // AWS answers the provider's ARN here for OIDC providers (captured responses), though the docs say "the iss claim".
                xml.WriteElementString("Provider", identity.Provider.Arn);
                xml.WriteElementString("Audience", identity.Audience);
                xml.WriteOptional("SourceIdentity", session.SourceIdentity);
            });
        });
    }

    /// <summary>
    /// The trust policy alone decides, for the federated principal the token names (not the unsigned caller), each action
    /// the request needs; AWS's denial names only the action.
    /// </summary>
    private void AuthorizeByTrustPolicy(AwsRequestContext context, RoleRecord role, VerifiedWebIdentity identity,
        Dictionary<string, IReadOnlyList<string>> keys, bool tags, bool sourceIdentity)
    {
        AddIdentityKeys(keys, identity);
        var caller = Principal.Anonymous with { UserId = identity.Subject, FederatedProvider = identity.Provider.Arn };
        var trust = new ResourcePolicy(role.AssumeRolePolicyDocument, ResourcePolicyKind.TrustPolicy);
        foreach (var action in RequiredActions(tags, sourceIdentity))
        {
            var decision = state.Authorizer.Authorize(new AuthorizationRequest
            {
                Caller = caller,
                Action = action,
                Resource = role.Arn,
                ResourceAccount = role.AccountId,
                ResourcePolicy = trust,
                ContextKeys = keys,
                Facts = context.Facts,
            });
            if (!decision.Allowed) throw NotAuthorized(action);
        }
    }

    private static IEnumerable<string> RequiredActions(bool tags, bool sourceIdentity)
    {
        yield return WebIdentityAction;
        if (tags) yield return "sts:TagSession";
        if (sourceIdentity) yield return "sts:SetSourceIdentity";
    }

    private static AwsServiceException NotAuthorized(string action = WebIdentityAction) =>
        StsErrors.AccessDenied($"Not authorized to perform {action}");

    /// <summary>
    /// The keys trust policies test for OIDC federation: <c>&lt;host/path&gt;:sub</c>, <c>:aud</c> (the audience that matched a
    /// client id; AWS maps it to <c>azp</c> when the token has one), <c>:oaud</c> (every aud), <c>:amr</c>, and aws:FederatedProvider.
    /// </summary>
    private static void AddIdentityKeys(Dictionary<string, IReadOnlyList<string>> keys, VerifiedWebIdentity identity)
    {
        var prefix = identity.HostPath;
        keys[$"{prefix}:sub"] = [identity.Subject];
        var azp = WebIdentityTokenVerifier.Strings(identity.Claims, "azp");
        keys[$"{prefix}:aud"] = azp.Count > 0 ? azp : [identity.Audience];
        keys[$"{prefix}:oaud"] = identity.Audiences;
        if (azp.Count > 0) keys[$"{prefix}:azp"] = azp;
        var amr = WebIdentityTokenVerifier.Strings(identity.Claims, "amr");
        if (amr.Count > 0) keys[$"{prefix}:amr"] = amr;
        keys["aws:FederatedProvider"] = [identity.Provider.Arn];
    }

    /// <summary>Session tags an issuer passes in the <c>https://aws.amazon.com/tags</c> claim (each tag's value is a one-element array).</summary>
    private static (IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Transitive) TokenTags(JsonElement claims)
    {
        if (!claims.TryGetProperty(TagsClaim, out var claim) || claim.ValueKind != JsonValueKind.Object)
            return (new Dictionary<string, string>(), []);
        var pairs = new List<(string, string)>();
        if (claim.TryGetProperty("principal_tags", out var principalTags) && principalTags.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in principalTags.EnumerateObject())
            {
                var value = tag.Value.ValueKind switch
                {
                    JsonValueKind.Array when tag.Value.GetArrayLength() == 1 && tag.Value[0].ValueKind == JsonValueKind.String => tag.Value[0].GetString()!,
                    JsonValueKind.String => tag.Value.GetString()!,
                    _ => throw StsErrors.InvalidIdentityToken($"Session tag '{tag.Name}' in the {TagsClaim} claim must have exactly one string value."),
                };
                pairs.Add((tag.Name, value));
            }
        }
        var tags = SessionParameters.ValidateTags(pairs);
        var transitive = WebIdentityTokenVerifier.Strings(claim, "transitive_tag_keys");
        if (transitive.FirstOrDefault(k => !tags.ContainsKey(k)) is { } missing)
            throw StsErrors.InvalidIdentityToken($"The transitive tag key '{missing}' is not among the session tags of the token.");
        return (tags, transitive);
    }
}
