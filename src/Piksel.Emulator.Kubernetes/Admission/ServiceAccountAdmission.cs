using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>
/// The <c>ServiceAccount</c> admission plugin (<c>plugin/pkg/admission/serviceaccount</c>) on pod creation: defaults
/// <c>spec.serviceAccountName</c> to <c>default</c>, refuses pods whose service account does not exist, and unless
/// automounting is off (on the pod, else on the service account) adds the projected <c>kube-api-access-xxxxx</c>
/// volume (token, cluster CA, namespace) mounted read-only at <see cref="MountPath"/> in every container.
/// </summary>
public sealed class ServiceAccountAdmission(ServerContext context) : IAdmissionPlugin
{
    /// <summary>Where containers find their token, CA and namespace.</summary>
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The prefix of the token volume's name.</summary>
    public const string VolumePrefix = "kube-api-access-";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Type != BuiltInResources.Pods || request.Subresource is not null)
            return ValueTask.CompletedTask;
        var pod = request.Object;
        // Mirror pods (static pods the kubelet reports) may not use service accounts; they are left alone.
        if (pod["metadata"]?["annotations"]?["kubernetes.io/config.mirror"] is not null) return ValueTask.CompletedTask;
        var spec = pod["spec"] as JsonObject ?? (JsonObject)(pod["spec"] = new JsonObject());
        var accountName = spec["serviceAccountName"]?.GetValue<string>() is { Length: > 0 } given ? given : "default";
        spec["serviceAccountName"] = accountName;

        var account = context.Store.Get(BuiltInResources.ServiceAccounts, request.Namespace, accountName)
            ?? throw new StatusException(HttpStatusCode.Forbidden, "Forbidden",
                $"pods \"{request.Name}\" is forbidden: error looking up service account {request.Namespace}/{accountName}: serviceaccount \"{accountName}\" not found",
                new JsonObject { ["name"] = request.Name, ["kind"] = "pods" });

        var automount = spec["automountServiceAccountToken"] is JsonValue p && p.TryGetValue<bool>(out var onPod) ? onPod
            : account.View["automountServiceAccountToken"] is JsonValue s && s.TryGetValue<bool>(out var onAccount) ? onAccount
            : true;
        if (automount) MountToken(spec);
        return ValueTask.CompletedTask;
    }

    private static void MountToken(JsonObject spec)
    {
        var volumes = spec["volumes"] as JsonArray;
        var volumeName = volumes?.Select(v => v?["name"]?.GetValue<string>()).FirstOrDefault(n => n?.StartsWith(VolumePrefix, StringComparison.Ordinal) == true);
        var hasVolume = volumeName is not null;
        volumeName ??= ObjectWriter.GenerateName(VolumePrefix);

        var needsVolume = false;
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>())
            {
                var mounts = container["volumeMounts"] as JsonArray;
                // An existing mount at the token path (the user's own) keeps the token out of that container.
                if (mounts?.Any(m => m?["mountPath"]?.GetValue<string>() == MountPath) == true) continue;
                if (mounts is null) container["volumeMounts"] = mounts = [];
                mounts.Add(new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
                needsVolume = true;
            }
        }
        if (hasVolume || !needsVolume) return;
        if (volumes is null) spec["volumes"] = volumes = [];
        volumes.Add(new JsonObject { ["name"] = volumeName, ["projected"] = TokenVolumeSource() });
    }

    /// <summary>The projected source of <c>kube-api-access-*</c> (<c>TokenVolumeSource</c>), with the defaults the API server fills in.</summary>
    public static JsonObject TokenVolumeSource() => new()
    {
        ["sources"] = new JsonArray(
            new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
            new JsonObject
            {
                ["configMap"] = new JsonObject
                {
                    ["name"] = "kube-root-ca.crt",
                    ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                },
            },
            new JsonObject
            {
                ["downwardAPI"] = new JsonObject
                {
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "namespace",
                        ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                    }),
                },
            }),
        ["defaultMode"] = 420,
    };
}
