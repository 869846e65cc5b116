using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Tokens;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// The authorization reviews (authorization.k8s.io/v1): SubjectAccessReview and LocalSubjectAccessReview (may this
/// user do this?), SelfSubjectAccessReview (<c>kubectl auth can-i</c>) — each answered by the server's authorizer
/// chain — and SelfSubjectRulesReview (<c>kubectl auth can-i --list</c>), answered from RBAC's rules. Nothing is kept.
/// </summary>
public sealed class AccessReviews(RbacAuthorizer? rbac)
{
    /// <summary>Registers the four kinds on <paramref name="builder"/>; <paramref name="rbac"/> gives the RBAC authorizer once made (null without guard rails).</summary>
    public static void Register(KubeApiServerBuilder builder, Func<RbacAuthorizer?> rbac)
    {
        builder.AddVirtualResource(BuiltInResources.SelfSubjectAccessReviews.GroupResource, _ => new AccessReviews(rbac()).SelfSubjectAccessReviewAsync);
        builder.AddVirtualResource(BuiltInResources.SubjectAccessReviews.GroupResource, _ => new AccessReviews(rbac()).SubjectAccessReviewAsync);
        builder.AddVirtualResource(BuiltInResources.LocalSubjectAccessReviews.GroupResource, _ => new AccessReviews(rbac()).SubjectAccessReviewAsync);
        builder.AddVirtualResource(BuiltInResources.SelfSubjectRulesReviews.GroupResource, _ => new AccessReviews(rbac()).SelfSubjectRulesReviewAsync);
    }

    private async Task SelfSubjectAccessReviewAsync(ApiContext context)
    {
        var type = BuiltInResources.SelfSubjectAccessReviews;
        var review = await Reviews.ReadAsync(context, type);
        var attributes = Attributes(type, review["spec"] as JsonObject ?? [], context.User, null);
        await AnswerAsync(context, review, attributes);
    }

    private async Task SubjectAccessReviewAsync(ApiContext context)
    {
        var type = context.Request.Type;
        var review = await Reviews.ReadAsync(context, type);
        var spec = review["spec"] as JsonObject ?? [];
        var user = spec["user"]?.GetValue<string>() ?? "";
        var groups = spec["groups"] is JsonArray g ? g.Select(x => x?.GetValue<string>() ?? "").Where(x => x.Length > 0).ToList() : [];
        if (user.Length == 0 && groups.Count == 0)
            throw Invalid(type, ("spec.user", "Invalid value: \"\": at least one of user or group must be specified"));
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (spec["extra"] is JsonObject extras)
        {
            foreach (var (key, values) in extras)
                extra[key] = values is JsonArray list ? [.. list.Select(v => v?.GetValue<string>() ?? "")] : [];
        }

        var subject = new UserInfo(user, spec["uid"]?.GetValue<string>() ?? "", groups, extra);
        string? local = null;
        if (type == BuiltInResources.LocalSubjectAccessReviews)
        {
            local = context.Request.Namespace ?? "";
            if (spec["nonResourceAttributes"] is JsonObject nonResource)
                throw Invalid(type, ("spec.nonResourceAttributes", $"Invalid value: {nonResource.ToJsonString()}: disallowed on this kind of request"));
            if (spec["resourceAttributes"] is JsonObject resource && resource["namespace"]?.GetValue<string>() is { Length: > 0 } given && given != local)
                throw StatusException.BadRequest($"spec.resourceAttributes.namespace must match namespace: {local}");
        }
        await AnswerAsync(context, review, Attributes(type, spec, subject, local));
    }

    private async Task SelfSubjectRulesReviewAsync(ApiContext context)
    {
        var review = await Reviews.ReadAsync(context, BuiltInResources.SelfSubjectRulesReviews);
        var ns = review["spec"]?["namespace"]?.GetValue<string>() ?? "";
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        // Without RBAC every authenticated caller may do anything (the allow-all authorizer), and says so.
        var rules = rbac?.RulesFor(context.User, ns) ?? [PolicyRule.For(["*"], ["*"], "*"), PolicyRule.ForUrls(["*"], "*")];
        foreach (var rule in rules)
        {
            if (rule.Resources.Count > 0)
            {
                var json = new JsonObject { ["verbs"] = Strings(rule.Verbs), ["apiGroups"] = Strings(rule.ApiGroups), ["resources"] = Strings(rule.Resources) };
                if (rule.ResourceNames.Count > 0) json["resourceNames"] = Strings(rule.ResourceNames);
                resourceRules.Add(json);
            }
            if (rule.NonResourceUrls.Count > 0)
                nonResourceRules.Add(new JsonObject { ["verbs"] = Strings(rule.Verbs), ["nonResourceURLs"] = Strings(rule.NonResourceUrls) });
        }
        var status = new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
        if (context.State.Authorizer.RuleResolutionError is { } error)
        {
            status["incomplete"] = true;
            status["evaluationError"] = error;
        }
        review["status"] = status;
        await ApiResponses.WriteJsonAsync(context.Http, review, HttpStatusCode.Created);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>The request a review asks about (ValidateSelfSubjectAccessReviewSpec: exactly one of resource or non-resource attributes).</summary>
    private static RequestAttributes Attributes(ResourceType type, JsonObject spec, UserInfo user, string? localNamespace)
    {
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        if (resource is null && nonResource is null)
            throw Invalid(type, ("spec.resourceAttributes", "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        if (resource is not null && nonResource is not null)
            throw Invalid(type, ("spec.nonResourceAttributes", $"Invalid value: {nonResource.ToJsonString()}: cannot be specified in combination with resourceAttributes"));
        static string S(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (resource is null) return RequestAttributes.NonResource(user, S(nonResource!, "verb"), S(nonResource!, "path"));
        var ns = localNamespace ?? S(resource, "namespace");
        return new RequestAttributes(user, S(resource, "verb"), S(resource, "group"), S(resource, "resource"),
            S(resource, "subresource") is { Length: > 0 } sub ? sub : null, ns.Length > 0 ? ns : null, S(resource, "name") is { Length: > 0 } n ? n : null);
    }

    private async Task AnswerAsync(ApiContext context, JsonObject review, RequestAttributes attributes)
    {
        var why = context.State.Authorizer.Authorize(attributes);
        var status = new JsonObject { ["allowed"] = why is null };
        var reason = why ?? (rbac is not null ? rbac.Explain(attributes) : null);
        if (reason is { Length: > 0 }) status["reason"] = reason;
        review["status"] = status;
        await ApiResponses.WriteJsonAsync(context.Http, review, HttpStatusCode.Created);
    }

    private static StatusException Invalid(ResourceType type, params (string Field, string Message)[] causes)
    {
        var details = new JsonObject
        {
            ["group"] = type.Group,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = c.Message, ["field"] = c.Field })]),
        };
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $"{type.Kind}.{type.Group} \"\" is invalid: {text}", details);
    }
}
