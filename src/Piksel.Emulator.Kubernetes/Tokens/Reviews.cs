using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// The create-only review kinds: TokenReview (is this token good, and whose is it), SelfSubjectReview
/// (<c>kubectl auth whoami</c>) and SelfSubjectAccessReview (<c>kubectl auth can-i</c>). Each answers the request it was
/// sent, echoed with a <c>status</c>, and keeps nothing.
/// </summary>
public sealed class Reviews(ServiceAccountTokens tokens)
{
    /// <summary>Registers the three kinds on <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddVirtualResource(BuiltInResources.TokenReviews.GroupResource, c => new Reviews(c.Tokens).TokenReviewAsync);
        builder.AddVirtualResource(BuiltInResources.SelfSubjectReviews.GroupResource, _ => SelfSubjectReviewAsync);
        builder.AddVirtualResource(BuiltInResources.SelfSubjectAccessReviews.GroupResource, _ => SelfSubjectAccessReviewAsync);
    }

    private async Task TokenReviewAsync(ApiContext context)
    {
        var review = await ReadAsync(context, BuiltInResources.TokenReviews);
        var spec = review["spec"] as JsonObject ?? [];
        var token = spec["token"]?.GetValue<string>() ?? "";
        if (token.Length == 0) throw StatusException.BadRequest("token is required for TokenReview in authentication.k8s.io");
        var audiences = spec["audiences"] is JsonArray a ? a.Select(x => x?.GetValue<string>() ?? "").ToList() : [];
        var result = await tokens.ValidateAsync(token, audiences);
        var status = new JsonObject();
        if (result.Authenticated) status["authenticated"] = true;
        status["user"] = result.User is { } user ? UserJson(user) : new JsonObject();
        if (result.Authenticated) status["audiences"] = new JsonArray([.. result.Audiences.Select(x => (JsonNode)x)]);
        if (result.Error is { } error) status["error"] = error;
        review["status"] = status;
        await ApiResponses.WriteJsonAsync(context.Http, review, HttpStatusCode.Created);
    }

    private static async Task SelfSubjectReviewAsync(ApiContext context)
    {
        // Served in v1, v1beta1 and v1alpha1: the answer is in the version the client asked for.
        var review = await ReadAsync(context, context.Request.Type);
        review["status"] = new JsonObject { ["userInfo"] = UserJson(context.User) };
        await ApiResponses.WriteJsonAsync(context.Http, review, HttpStatusCode.Created);
    }

    private static async Task SelfSubjectAccessReviewAsync(ApiContext context)
    {
        var type = BuiltInResources.SelfSubjectAccessReviews;
        var review = await ReadAsync(context, type);
        var spec = review["spec"] as JsonObject ?? [];
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        // ValidateSelfSubjectAccessReviewSpec.
        if (resource is null && nonResource is null)
            throw Invalid(type, ("spec.resourceAttributes", "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        if (resource is not null && nonResource is not null)
            throw Invalid(type, ("spec.nonResourceAttributes", $"Invalid value: {nonResource.ToJsonString()}: cannot be specified in combination with resourceAttributes"));

        string S(JsonObject o, string name) => o[name]?.GetValue<string>() ?? "";
        // Non-resource URLs reach the authorizer as a verb on the path (RBAC's nonResourceURLs).
        var attributes = resource is not null
            ? new RequestAttributes(context.User, S(resource, "verb"), S(resource, "group"), S(resource, "resource"),
                S(resource, "subresource") is { Length: > 0 } sub ? sub : null, S(resource, "namespace"), S(resource, "name") is { Length: > 0 } n ? n : null)
            : new RequestAttributes(context.User, S(nonResource!, "verb"), "", "", null, null, S(nonResource!, "path"));
        var why = context.State.Authorizer.Authorize(attributes);
        var status = new JsonObject { ["allowed"] = why is null };
        if (why is { Length: > 0 }) status["reason"] = why;
        review["status"] = status;
        await ApiResponses.WriteJsonAsync(context.Http, review, HttpStatusCode.Created);
    }

    /// <summary>The request as the server decoded it: its kind, apiVersion and metadata (<c>creationTimestamp: null</c>), without any status sent.</summary>
    private static async Task<JsonObject> ReadAsync(ApiContext context, ResourceType type)
    {
        var body = await ApiResponses.ReadObjectAsync(context.Http, type);
        if (body["kind"]?.GetValue<string>() is { } kind && kind != type.Kind)
            throw StatusException.BadRequest($"the API version in the data ({body["apiVersion"]}) does not match the expected API version ({type.ApiVersion}) or kind {kind} is not {type.Kind}");
        var metadata = body["metadata"]?.DeepClone() as JsonObject ?? [];
        if (!metadata.ContainsKey("creationTimestamp")) metadata["creationTimestamp"] = null;
        var review = new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
        };
        if (body["spec"] is { } spec) review["spec"] = spec.DeepClone();
        else if (type.Kind != BuiltInResources.SelfSubjectReviews.Kind) review["spec"] = new JsonObject();
        return review;
    }

    /// <summary>authentication.k8s.io UserInfo (<c>username</c>, <c>uid</c>, <c>groups</c>, <c>extra</c>; empty ones left out as Go does).</summary>
    public static JsonObject UserJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0) json["uid"] = user.Uid;
        if (user.Groups.Count > 0) json["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
        if (user.Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in user.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
                extra[key] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
            json["extra"] = extra;
        }
        return json;
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
