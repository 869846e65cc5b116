using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// Reads request bodies sent as <c>application/vnd.kubernetes.protobuf</c>: client-go's typed clients (kubectl 1.33's
/// <c>create configmap|secret|serviceaccount|namespace|service|role|deployment|job|cronjob…</c>, <c>run</c>, <c>create token</c>, <c>auth whoami|can-i</c>)
/// send built-in kinds this way and do not fall back to JSON. The body is the envelope <c>k8s\0</c> +
/// runtime.Unknown{typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2}; the raw message decodes to the JSON a JSON client
/// would have sent. Kinds without a schema here answer 415, as the real server does for kinds it has no protobuf for.
/// </summary>
internal static class ProtobufBodies
{
    /// <summary>The Kubernetes protobuf media type.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    private static readonly ProtoMessage Unknown = new ProtoMessage()
        .Add(1, "typeMeta", new ProtoMessage().Add(1, "apiVersion", ProtoKind.String).Add(2, "kind", ProtoKind.String))
        .Add(2, "raw", ProtoKind.Bytes);

    // Keyed by group and kind: every version of a kind these bodies come in has the same fields.
    private static readonly Dictionary<(string Group, string Kind), ProtoMessage> Kinds = new()
    {
        [("", "ConfigMap")] = CoreMessages.ConfigMap,
        [("", "Secret")] = CoreMessages.Secret,
        [("", "ServiceAccount")] = CoreMessages.ServiceAccount,
        [("", "Namespace")] = CoreMessages.Namespace,
        [("", "Service")] = CoreMessages.Service,
        [("", "Pod")] = PodMessages.Pod,
        [("", "PodTemplate")] = PodMessages.PodTemplate,
        [("", "PersistentVolumeClaim")] = VolumeMessages.PersistentVolumeClaim,
        [("apps", "Deployment")] = AppsMessages.Deployment,
        [("apps", "ReplicaSet")] = AppsMessages.ReplicaSet,
        [("apps", "StatefulSet")] = AppsMessages.StatefulSet,
        [("apps", "DaemonSet")] = AppsMessages.DaemonSet,
        [("autoscaling", "Scale")] = AppsMessages.Scale,
        [("batch", "Job")] = BatchMessages.Job,
        [("batch", "CronJob")] = BatchMessages.CronJob,
        [("rbac.authorization.k8s.io", "Role")] = RbacMessages.Role,
        [("rbac.authorization.k8s.io", "ClusterRole")] = RbacMessages.ClusterRole,
        [("rbac.authorization.k8s.io", "RoleBinding")] = RbacMessages.RoleBinding,
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = RbacMessages.RoleBinding,
        [("authentication.k8s.io", "TokenRequest")] = ReviewMessages.TokenRequest,
        [("authentication.k8s.io", "TokenReview")] = ReviewMessages.TokenReview,
        [("authentication.k8s.io", "SelfSubjectReview")] = ReviewMessages.SelfSubjectReview,
        [("authorization.k8s.io", "SelfSubjectAccessReview")] = ReviewMessages.SelfSubjectAccessReview,
        [("authorization.k8s.io", "SelfSubjectRulesReview")] = ReviewMessages.SelfSubjectRulesReview,
    };

    /// <summary>True when <paramref name="contentType"/> is the Kubernetes protobuf media type (parameters ignored).</summary>
    public static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes an enveloped body into JSON with <c>kind</c> and <c>apiVersion</c> first, as Go writes them; 400 when malformed, 415 for an unknown kind.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
            throw StatusException.BadRequest($"provided data does not appear to be a protobuf message, expected prefix [{string.Join(' ', Magic)}]");
        try
        {
            var unknown = ProtoDecoder.Decode(body[Magic.Length..], Unknown);
            var apiVersion = unknown["typeMeta"]?["apiVersion"]?.GetValue<string>() ?? "";
            var kind = unknown["typeMeta"]?["kind"]?.GetValue<string>() ?? "";
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            // DeleteOptions is registered in every group-version (metav1.AddToGroupVersion).
            var schema = kind == "DeleteOptions" ? MetaMessages.DeleteOptions
                : Kinds.TryGetValue((group, kind), out var known) ? known
                : throw StatusException.UnsupportedMediaType(["application/json", "application/yaml"]);
            var raw = Convert.FromBase64String(unknown["raw"]?.GetValue<string>() ?? "");
            var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
            foreach (var (name, value) in ProtoDecoder.Decode(raw, schema).ToList())
                obj[name] = value?.DeepClone();
            return obj;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException or System.Text.Json.JsonException)
        {
            throw StatusException.BadRequest(e.Message);
        }
    }
}
