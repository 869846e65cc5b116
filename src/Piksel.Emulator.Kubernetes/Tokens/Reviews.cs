using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// The authentication review kinds: TokenReview (is this token good, and whose is it) and SelfSubjectReview
/// (<c>kubectl auth whoami</c>); the authorization reviews are <see cref="Auth.Rbac.AccessReviews"/>. Each answers the
/// request it was sent, echoed with a <c>status</c>, and keeps nothing.
/// </summary>
public sealed class Reviews(ServiceAccountTokens tokens)
{
    /// <summary>Registers the two kinds on <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddVirtualResource(BuiltInResources.TokenReviews.GroupResource, c => new Reviews(c.Tokens).TokenReviewAsync);
        builder.AddVirtualResource(BuiltInResources.SelfSubjectReviews.GroupResource, _ => SelfSubjectReviewAsync);
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

    /// <summary>The request as the server decoded it: its kind, apiVersion and metadata (<c>creationTimestamp: null</c>), without any status sent.</summary>
    internal static async Task<JsonObject> ReadAsync(ApiContext context, ResourceType type)
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
}
