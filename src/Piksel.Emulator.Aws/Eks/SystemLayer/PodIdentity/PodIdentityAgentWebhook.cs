using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Admission.PodIdentity;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.PodIdentity;

/// <summary>
/// The EKS Pod Identity half of EKS's pod-identity webhook: a new pod whose service account has a Pod Identity
/// association gets, in every (init) container, <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> (the node's Pod Identity
/// agent), <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> and the region, never overriding what the container sets, and
/// the projected <c>eks-pod-identity-token</c> volume (audience <c>pods.eks.amazonaws.com</c>, 86400 s). The
/// association wins over IRSA: what the IRSA webhook (which runs first) added for the same service account is taken
/// back, so no <c>AWS_ROLE_ARN</c> reaches the pod. Fargate pods are left alone (no agent runs there).
/// </summary>
public sealed class PodIdentityAgentWebhook(Func<ClusterSystemSpec> spec, string region) : IAdmissionPlugin
{
    /// <summary>Where the node's Pod Identity agent answers.</summary>
    public const string CredentialsUri = "http://169.254.170.23/v1/credentials";

    /// <summary>The audience of the pod's token.</summary>
    public const string Audience = "pods.eks.amazonaws.com";

    /// <summary>The projected volume's name (and the token file's).</summary>
    public const string VolumeName = "eks-pod-identity-token";

    /// <summary>Where the token volume is mounted.</summary>
    public const string MountPath = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount";

    /// <summary>The token's lifetime.</summary>
    public const long TokenExpiration = 86400;

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Type != BuiltInResources.Pods || request.Subresource is not null)
            return ValueTask.CompletedTask;
        var pod = request.Object;
        if (pod["spec"] is not JsonObject podSpec) return ValueTask.CompletedTask;
        if (pod["metadata"]?["labels"] is JsonObject labels && labels.ContainsKey(PodIdentitySettings.SkipLabel)) return ValueTask.CompletedTask;
        if (JsonText.Of(podSpec["schedulerName"]) == Fargate.FargateAdmission.SchedulerName) return ValueTask.CompletedTask;
        var account = JsonText.Of(podSpec["serviceAccountName"]) is { Length: > 0 } n ? n : "default";
        if (!spec().PodIdentityAssociations.Any(a => a.Namespace == request.Namespace && a.ServiceAccount == account)) return ValueTask.CompletedTask;
        IrsaInjection.Remove(podSpec);
        Mutate(podSpec, region);
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds the agent's variables, the token mount and the token volume to a pod spec: idempotent.</summary>
    public static void Mutate(JsonObject spec, string region)
    {
        var tokenFile = $"{MountPath}/{VolumeName}";
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>()) AddToContainer(container, tokenFile, region);
        }
        var volumes = spec["volumes"] as JsonArray;
        if (volumes?.Any(v => JsonText.Of(v?["name"]) == VolumeName) == true) return;
        var volume = new JsonObject
        {
            ["name"] = VolumeName,
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject { ["audience"] = Audience, ["expirationSeconds"] = TokenExpiration, ["path"] = VolumeName },
                }),
                ["defaultMode"] = 420,
            },
        };
        if (volumes is null) spec["volumes"] = new JsonArray(volume);
        else volumes.Insert(0, volume);
    }

    private static void AddToContainer(JsonObject container, string tokenFile, string region)
    {
        var env = container["env"] as JsonArray;
        var present = env?.Select(e => JsonText.Of(e?["name"])).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        var added = new List<(string Name, string Value)>();
        if (!present.Contains("AWS_REGION") && !present.Contains("AWS_DEFAULT_REGION") && region.Length > 0)
        {
            added.Add(("AWS_DEFAULT_REGION", region));
            added.Add(("AWS_REGION", region));
        }
        if (!present.Contains("AWS_CONTAINER_CREDENTIALS_FULL_URI") && !present.Contains("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))
        {
            added.Add(("AWS_CONTAINER_CREDENTIALS_FULL_URI", CredentialsUri));
            added.Add(("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile));
        }
        if (added.Count > 0)
        {
            if (env is null) container["env"] = env = [];
            foreach (var (name, value) in added) env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        }
        var mounts = container["volumeMounts"] as JsonArray;
        if (mounts?.Any(m => JsonText.Of(m?["name"]) == VolumeName) == true) return;
        if (mounts is null) container["volumeMounts"] = mounts = [];
        mounts.Add(new JsonObject { ["name"] = VolumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
    }
}
