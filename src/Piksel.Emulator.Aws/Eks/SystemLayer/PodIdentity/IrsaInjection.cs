using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission.PodIdentity;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.PodIdentity;

/// <summary>
/// What the IRSA webhook (<see cref="PodIdentityWebhook"/>) adds to a pod, taken back when a Pod Identity association
/// wins: its <c>AWS_ROLE_ARN</c> / <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> pair (only when it points at IRSA's own token file,
/// so a pair the user wrote stays), the <c>aws-iam-token</c> mounts and volume.
/// </summary>
public static class IrsaInjection
{
    /// <summary>Removes IRSA's injection from <paramref name="spec"/>.</summary>
    public static void Remove(JsonObject spec)
    {
        var irsaToken = $"{PodIdentityWebhook.MountPath}/{PodIdentityWebhook.TokenFile}";
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>())
            {
                if (container["env"] is JsonArray env
                    && env.Any(e => JsonText.Of(e?["name"]) == "AWS_WEB_IDENTITY_TOKEN_FILE" && JsonText.Of(e?["value"]) is { } path && (path == irsaToken || path == "C:" + irsaToken.Replace('/', '\\'))))
                {
                    foreach (var e in env.Where(e => JsonText.Of(e?["name"]) is "AWS_ROLE_ARN" or "AWS_WEB_IDENTITY_TOKEN_FILE").ToList()) env.Remove(e);
                }
                if (container["volumeMounts"] is JsonArray mounts)
                    foreach (var m in mounts.Where(m => JsonText.Of(m?["name"]) == PodIdentityWebhook.VolumeName).ToList()) mounts.Remove(m);
            }
        }
        if (spec["volumes"] is JsonArray volumes)
            foreach (var v in volumes.Where(v => JsonText.Of(v?["name"]) == PodIdentityWebhook.VolumeName).ToList()) volumes.Remove(v);
    }
}
