using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Admission.PodSecurity.CheckText;
using static Piksel.Emulator.Kubernetes.Admission.PodSecurity.PodView;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>The restricted profile's own checks (pod-security-admission policy/check_*.go), with their reasons and details.</summary>
internal static class RestrictedChecks
{
    private static readonly HashSet<string> AllowedVolumeTypes = new(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    };

    private static readonly HashSet<string> KnownVolumeTypes = new(StringComparer.Ordinal)
    {
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume",
        "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "portworxVolume",
        "photonPersistentDisk", "scaleIO", "storageos",
    };

    /// <summary>Every restricted check.</summary>
    public static IEnumerable<PodSecurityCheck> All() =>
    [
        new("allowPrivilegeEscalation", PodSecurityLevel.Restricted, 8, AllowPrivilegeEscalation),
        new("capabilities_restricted", PodSecurityLevel.Restricted, 22, Capabilities) { Overrides = ["capabilities_baseline"] },
        new("restrictedVolumes", PodSecurityLevel.Restricted, 0, Volumes) { Overrides = ["hostPathVolumes"] },
        new("runAsNonRoot", PodSecurityLevel.Restricted, 0, RunAsNonRoot),
        new("runAsUser", PodSecurityLevel.Restricted, 23, RunAsUser),
        new("seccompProfile_restricted", PodSecurityLevel.Restricted, 19, Seccomp) { Overrides = ["seccompProfile_baseline"] },
    ];

    private static JsonNode? Context(JsonObject container, string field) => container["securityContext"]?[field];

    private static CheckResult? AllowPrivilegeEscalation(PodView pod, int minor)
    {
        if (minor >= 25 && pod.IsWindows) return null;
        var containers = pod.Containers().Where(c => Flag(Context(c.Container, "allowPrivilegeEscalation")) != false).Select(c => c.Name).ToList();
        return containers.Count == 0 ? null
            : new("allowPrivilegeEscalation != false", $"{Containers(containers)} must set securityContext.allowPrivilegeEscalation=false");
    }

    private static CheckResult? Capabilities(PodView pod, int minor)
    {
        if (minor >= 25 && pod.IsWindows) return null;
        var missingDropAll = new List<string>();
        var adding = new List<string>();
        var forbidden = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            if (Context(container, "capabilities") is not JsonObject capabilities)
            {
                missingDropAll.Add(name);
                continue;
            }
            if (!Strings(capabilities["drop"]).Contains("ALL", StringComparer.Ordinal)) missingDropAll.Add(name);
            var added = Strings(capabilities["add"]).Where(c => c != "NET_BIND_SERVICE").ToList();
            if (added.Count == 0) continue;
            adding.Add(name);
            forbidden.AddRange(added);
        }
        var details = new List<string>();
        if (missingDropAll.Count > 0) details.Add($"{Containers(missingDropAll)} must set securityContext.capabilities.drop=[\"ALL\"]");
        if (adding.Count > 0) details.Add($"{Containers(adding)} must not include {JoinQuote(Sorted(forbidden))} in securityContext.capabilities.add");
        return details.Count == 0 ? null : new("unrestricted capabilities", string.Join("; ", details));
    }

    private static CheckResult? Volumes(PodView pod, int minor)
    {
        var volumes = new List<string>();
        var types = new List<string>();
        foreach (var (name, volume) in pod.Volumes())
        {
            var type = volume.Select(kv => kv.Key).FirstOrDefault(k => k != "name" && volume[k] is not null);
            if (type is not null && AllowedVolumeTypes.Contains(type)) continue;
            volumes.Add(name);
            types.Add(type is not null && KnownVolumeTypes.Contains(type) ? type : "unknown");
        }
        if (volumes.Count == 0) return null;
        var distinct = Sorted(types);
        return new("restricted volume types",
            $"{Plural("volume", "volumes", volumes.Count)} {JoinQuote(volumes)} {Plural("uses", "use", volumes.Count)} {Plural("restricted volume type", "restricted volume types", distinct.Count)} {JoinQuote(distinct)}");
    }

    private static CheckResult? RunAsNonRoot(PodView pod, int minor)
    {
        if (minor >= 35 && Flag(pod.Spec["hostUsers"]) == false) return null;
        var setters = new List<string>();
        var podValue = Flag(pod.SecurityContext?["runAsNonRoot"]);
        if (podValue == false) setters.Add("pod");
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            var value = Flag(Context(container, "runAsNonRoot"));
            if (value == false) explicitlyBad.Add(name);
            else if (value is null && podValue != true) implicitlyBad.Add(name);
        }
        if (explicitlyBad.Count > 0) setters.Add(Containers(explicitlyBad));
        if (setters.Count > 0) return new("runAsNonRoot != true", $"{string.Join(" and ", setters)} must not set securityContext.runAsNonRoot=false");
        return implicitlyBad.Count == 0 ? null : new("runAsNonRoot != true", $"pod or {Containers(implicitlyBad)} must set securityContext.runAsNonRoot=true");
    }

    private static CheckResult? RunAsUser(PodView pod, int minor)
    {
        if (minor >= 35 && Flag(pod.Spec["hostUsers"]) == false) return null;
        var setters = new List<string>();
        if (Number(pod.SecurityContext?["runAsUser"]) == 0) setters.Add("pod");
        var containers = pod.Containers().Where(c => Number(Context(c.Container, "runAsUser")) == 0).Select(c => c.Name).ToList();
        if (containers.Count > 0) setters.Add(Containers(containers));
        return setters.Count == 0 ? null : new("runAsUser=0", $"{string.Join(" and ", setters)} must not set runAsUser=0");
    }

    private static bool ValidSeccomp(string? type) => type is "RuntimeDefault" or "Localhost";

    private static CheckResult? Seccomp(PodView pod, int minor)
    {
        if (minor >= 25 && pod.IsWindows) return null;
        var setters = new List<string>();
        var badValues = new List<string>();
        var podSet = false;
        if (pod.SecurityContext?["seccompProfile"] is JsonObject podProfile)
        {
            var type = Text(podProfile["type"]);
            if (ValidSeccomp(type))
            {
                podSet = true;
            }
            else
            {
                setters.Add("pod");
                badValues.Add(type ?? "");
            }
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            if (Context(container, "seccompProfile") is JsonObject profile)
            {
                var type = Text(profile["type"]);
                if (ValidSeccomp(type)) continue;
                explicitlyBad.Add(name);
                badValues.Add(type ?? "");
            }
            else if (!podSet)
            {
                implicitlyBad.Add(name);
            }
        }
        if (explicitlyBad.Count > 0) setters.Add(Containers(explicitlyBad));
        var details = new List<string>();
        if (setters.Count > 0) details.Add($"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(Sorted(badValues))}");
        if (implicitlyBad.Count > 0) details.Add($"pod or {Containers(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
        return details.Count == 0 ? null : new("seccompProfile", string.Join("; ", details));
    }
}
