using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.PodIdentity;

/// <summary>
/// The EKS Pod Identity Webhook (IRSA, <c>amazon-eks-pod-identity-webhook</c> <c>pkg/handler/handler.go</c>), built in
/// as EKS runs it: on pod creation, for a service account annotated <c>eks.amazonaws.com/role-arn</c>, every (init)
/// container gets <c>AWS_ROLE_ARN</c>, <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, <c>AWS_STS_REGIONAL_ENDPOINTS</c>,
/// <c>AWS_DEFAULT_REGION</c> and <c>AWS_REGION</c> (never overriding what it sets) and a read-only mount of the
/// projected <c>aws-iam-token</c> volume. Failures never block a pod (the webhook's <c>failurePolicy: Ignore</c>).
/// </summary>
public sealed class PodIdentityWebhook(ServerContext context) : IAdmissionPlugin
{
    /// <summary>The projected token volume's name.</summary>
    public const string VolumeName = "aws-iam-token";

    /// <summary>Where the token is mounted.</summary>
    public const string MountPath = "/var/run/secrets/eks.amazonaws.com/serviceaccount";

    /// <summary>The token's file name in the volume.</summary>
    public const string TokenFile = "token";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Type != BuiltInResources.Pods || request.Subresource is not null)
            return ValueTask.CompletedTask;
        var pod = request.Object;
        if (pod["metadata"]?["labels"] is JsonObject labels && labels.ContainsKey(PodIdentitySettings.SkipLabel)) return ValueTask.CompletedTask;
        if (pod["spec"] is not JsonObject spec) return ValueTask.CompletedTask;
        var accountName = spec["serviceAccountName"]?.GetValue<string>() is { Length: > 0 } n ? n : "default";
        if (context.Store.Get(BuiltInResources.ServiceAccounts, request.Namespace, accountName) is not { } account) return ValueTask.CompletedTask;
        if (PodIdentitySettings.For(account.Annotations, Annotations(pod)) is not { } settings) return ValueTask.CompletedTask;
        Mutate(spec, settings, context.Options.Region);
        return ValueTask.CompletedTask;
    }

    /// <summary>Applies the webhook's patch to a pod spec (getPodSpecPatch): idempotent.</summary>
    public static void Mutate(JsonObject spec, PodIdentitySettings settings, string region)
    {
        var tokenPath = $"{MountPath}/{TokenFile}";
        if (spec["nodeSelector"] is JsonObject selector
            && (selector["kubernetes.io/os"]?.GetValue<string>() == "windows" || selector["beta.kubernetes.io/os"]?.GetValue<string>() == "windows"))
        {
            tokenPath = "C:" + tokenPath.Replace('/', '\\');
        }

        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>())
            {
                if (container["name"]?.GetValue<string>() is { } name && settings.SkippedContainers.Contains(name)) continue;
                AddToContainer(container, tokenPath, settings, region);
            }
        }

        var volumes = spec["volumes"] as JsonArray;
        if (volumes?.Any(v => v?["name"]?.GetValue<string>() == VolumeName) == true) return;
        var volume = new JsonObject
        {
            ["name"] = VolumeName,
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject
                    {
                        ["audience"] = settings.Audience,
                        ["expirationSeconds"] = settings.TokenExpiration,
                        ["path"] = TokenFile,
                    },
                }),
                // The API server's default for projected volumes.
                ["defaultMode"] = 420,
            },
        };
        // The webhook patches "add /spec/volumes/0": its volume comes first.
        if (volumes is null) spec["volumes"] = new JsonArray(volume);
        else volumes.Insert(0, volume);
    }

    /// <summary>addEnvToContainer: each group of variables only when none of the group is there yet.</summary>
    private static void AddToContainer(JsonObject container, string tokenPath, PodIdentitySettings settings, string region)
    {
        var env = container["env"] as JsonArray;
        var present = env?.Select(e => e?["name"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        var roleSet = present.Contains("AWS_ROLE_ARN") || present.Contains("AWS_WEB_IDENTITY_TOKEN_FILE");
        var regionSet = present.Contains("AWS_REGION") || present.Contains("AWS_DEFAULT_REGION");
        var stsSet = present.Contains("AWS_STS_REGIONAL_ENDPOINTS");
        if (roleSet && regionSet && stsSet) return;

        var added = new List<(string Name, string Value)>();
        if (!stsSet && settings.RegionalSts) added.Add(("AWS_STS_REGIONAL_ENDPOINTS", "regional"));
        if (!regionSet && region.Length > 0)
        {
            added.Add(("AWS_DEFAULT_REGION", region));
            added.Add(("AWS_REGION", region));
        }
        if (!roleSet)
        {
            added.Add(("AWS_ROLE_ARN", settings.RoleArn));
            added.Add(("AWS_WEB_IDENTITY_TOKEN_FILE", tokenPath));
        }
        if (added.Count > 0)
        {
            if (env is null) container["env"] = env = [];
            foreach (var (name, value) in added) env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        }

        var mounts = container["volumeMounts"] as JsonArray;
        if (mounts?.Any(m => m?["name"]?.GetValue<string>() == VolumeName) == true) return;
        if (mounts is null) container["volumeMounts"] = mounts = [];
        mounts.Add(new JsonObject { ["name"] = VolumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
    }

    private static Dictionary<string, string> Annotations(JsonObject pod)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pod["metadata"]?["annotations"] is JsonObject annotations)
        {
            foreach (var (key, value) in annotations)
                if (value is JsonValue v && v.TryGetValue<string>(out var s)) map[key] = s;
        }

        return map;
    }
}
