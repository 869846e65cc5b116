using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token</c>: a TokenRequest answered with a signed token, as
/// <c>pkg/registry/core/serviceaccount/storage/token.go</c> does it (defaults, validation, bound objects, the
/// kubelet's 3607-second tokens extended to a year with <c>warnafter</c>).
/// </summary>
public sealed class TokenRequestHandler(ServiceAccountTokens tokens)
{
    /// <summary>The lifetime the kubelet asks for, which the API server quietly extends (<c>WarnOnlyBoundTokenExpirationSeconds</c>).</summary>
    public const long WarnOnlyExpirationSeconds = 60 * 60 + 7;

    /// <summary>What such a token's lifetime is extended to (<c>ExpirationExtensionSeconds</c>).</summary>
    public const long ExtendedExpirationSeconds = 24 * 365 * 60 * 60;

    /// <summary>A TokenRequest's lifetime when it names none (one hour).</summary>
    public const long DefaultExpirationSeconds = 3600;

    private const string Kind = "TokenRequest";
    private const string Group = "authentication.k8s.io";

    /// <summary>Serves one TokenRequest.</summary>
    public async Task HandleAsync(ApiContext context)
    {
        var r = context.Request;
        if (r.Verb != "create") throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var state = context.State;
        var ns = r.Namespace ?? "";
        var name = r.Name!;
        var request = await ObjectBodies.ReadAsync(context.Http, "TokenRequest", "v1", typeof(k8s.Models.Authenticationv1TokenRequest));
        var metadata = Meta.Of(request);
        if (Meta.Name(request) is { Length: > 0 } given && given != name)
            throw Invalid(name, ("metadata.name", $"Invalid value: \"{given}\": must match the service account name if specified"));
        if (Meta.Namespace(request) is { Length: > 0 } givenNs && givenNs != ns)
            throw Invalid(name, ("metadata.namespace", $"Invalid value: \"{givenNs}\": must match the service account namespace if specified"));

        var account = state.Store.Get(BuiltInResources.ServiceAccounts, ns, name) ?? throw StatusException.NotFound(BuiltInResources.ServiceAccounts, name);
        var spec = request["spec"] as JsonObject ?? [];
        if (spec["audiences"] is not JsonArray { Count: > 0 })
            spec["audiences"] = new JsonArray([.. tokens.ApiAudiences.Select(a => (JsonNode)a)]);
        var expiration = spec["expirationSeconds"] is JsonValue e && e.TryGetValue<long>(out var seconds) ? seconds : DefaultExpirationSeconds;
        var now = state.Time.GetUtcNow();
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["creationTimestamp"] = Meta.Timestamp(now);

        // ValidateTokenRequest (pkg/apis/authentication/validation).
        if (expiration < 600)
            throw Invalid("", ("spec.expirationSeconds", $"Invalid value: {expiration}: may not specify a duration less than 10 minutes"));
        if (expiration > 1L << 32)
            throw Invalid("", ("spec.expirationSeconds", $"Invalid value: {expiration}: may not specify a duration larger than 2^32 seconds"));

        ObjectRef? pod = null, secret = null;
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            var kind = bound["kind"]?.GetValue<string>() ?? "";
            var apiVersion = bound["apiVersion"]?.GetValue<string>() ?? "";
            var boundName = bound["name"]?.GetValue<string>() ?? "";
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            var type = (group, kind) switch
            {
                ("", "Pod") => BuiltInResources.Pods,
                ("", "Secret") => BuiltInResources.Secrets,
                _ => throw StatusException.BadRequest($"cannot bind token to object of type {GroupVersionKind(apiVersion, kind)}"),
            };
            var target = state.Store.Get(type, ns, boundName) ?? throw StatusException.NotFound(type, boundName);
            var uid = target.View["metadata"]?["uid"]?.GetValue<string>() ?? "";
            if (type == BuiltInResources.Pods && (target.View["spec"]?["serviceAccountName"]?.GetValue<string>() ?? "") is var podAccount && podAccount != name)
                throw StatusException.BadRequest($"cannot bind token for serviceaccount \"{name}\" to pod running with serviceaccount \"{podAccount}\"");
            if (bound["uid"]?.GetValue<string>() is { Length: > 0 } wantedUid && wantedUid != uid)
            {
                throw new StatusException(HttpStatusCode.Conflict, "Conflict",
                    $"Operation cannot be fulfilled on {kind} \"{boundName}\": the UID in the bound object reference ({wantedUid}) does not match the UID in record. The object might have been deleted and then recreated",
                    new JsonObject { ["name"] = boundName, ["kind"] = kind });
            }

            if (type == BuiltInResources.Pods) pod = new ObjectRef(boundName, uid); else secret = new ObjectRef(boundName, uid);
        }

        var audiences = ((JsonArray)spec["audiences"]!).Select(a => a?.GetValue<string>() ?? "").ToList();
        // The kubelet's tokens live a year but warn after the hour it asked for, when meant for the API server itself.
        var (lifetime, warnAfter) = pod is not null && expiration == WarnOnlyExpirationSeconds && audiences.All(tokens.ApiAudiences.Contains)
            ? (ExtendedExpirationSeconds, expiration)
            : (expiration, 0L);
        var accountRef = new ObjectRef(name, account.View["metadata"]?["uid"]?.GetValue<string>() ?? "");
        var token = await tokens.IssueAsync(new ServiceAccountClaims(ns, accountRef, audiences, now, lifetime, pod, secret, warnAfter));

        var response = new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = $"{Group}/v1",
            ["metadata"] = metadata.DeepClone(),
            ["spec"] = new JsonObject
            {
                ["audiences"] = spec["audiences"]!.DeepClone(),
                ["expirationSeconds"] = expiration,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = Meta.Timestamp(now.AddSeconds(expiration)),
            },
        };
        await ApiResponses.WriteJsonAsync(context.Http, response, HttpStatusCode.Created);
    }

    private static string GroupVersionKind(string apiVersion, string kind)
    {
        // schema.GroupVersionKind.String(): "group/version, Kind=kind".
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return $"{group}/{version}, Kind={kind}";
    }

    private static StatusException Invalid(string name, params (string Field, string Message)[] causes)
    {
        var details = new JsonObject();
        if (name.Length > 0) details["name"] = name; // Go omits an empty name
        details["group"] = Group;
        details["kind"] = Kind;
        details["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = c.Message, ["field"] = c.Field })]);
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $"{Kind}.{Group} \"{name}\" is invalid: {text}", details);
    }
}
