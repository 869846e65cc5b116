using System.Globalization;
using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Admission.PodSecurity.CheckText;
using static Piksel.Emulator.Kubernetes.Admission.PodSecurity.PodView;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>The baseline profile's checks (pod-security-admission policy/check_*.go), with their reasons and details.</summary>
internal static class BaselineChecks
{
    private static readonly HashSet<string> DefaultCapabilities = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID",
        "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    /// <summary>The safe sysctls and the policy version each became allowed in.</summary>
    private static readonly (string Name, int Since)[] SafeSysctls =
    [
        ("kernel.shm_rmid_forced", 0), ("net.ipv4.ip_local_port_range", 0), ("net.ipv4.tcp_syncookies", 0),
        ("net.ipv4.ping_group_range", 0), ("net.ipv4.ip_unprivileged_port_start", 0), ("net.ipv4.ip_local_reserved_ports", 27),
        ("net.ipv4.tcp_keepalive_time", 29), ("net.ipv4.tcp_fin_timeout", 29), ("net.ipv4.tcp_keepalive_intvl", 29),
        ("net.ipv4.tcp_keepalive_probes", 29), ("net.ipv4.tcp_rmem", 32), ("net.ipv4.tcp_wmem", 32),
    ];

    private const string AppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    /// <summary>Every baseline check.</summary>
    public static IEnumerable<PodSecurityCheck> All() =>
    [
        new("appArmorProfile", PodSecurityLevel.Baseline, 0, AppArmor),
        new("capabilities_baseline", PodSecurityLevel.Baseline, 0, Capabilities),
        new("hostNamespaces", PodSecurityLevel.Baseline, 0, HostNamespaces),
        new("hostPathVolumes", PodSecurityLevel.Baseline, 0, HostPathVolumes),
        new("hostPorts", PodSecurityLevel.Baseline, 0, HostPorts),
        new("hostProbesAndHostLifecycle", PodSecurityLevel.Baseline, 34, HostProbes),
        new("privileged", PodSecurityLevel.Baseline, 0, Privileged),
        new("procMount", PodSecurityLevel.Baseline, 0, ProcMount),
        new("seLinuxOptions", PodSecurityLevel.Baseline, 0, SeLinux),
        new("seccompProfile_baseline", PodSecurityLevel.Baseline, 19, Seccomp),
        new("sysctls", PodSecurityLevel.Baseline, 0, Sysctls),
        new("windowsHostProcess", PodSecurityLevel.Baseline, 0, WindowsHostProcess),
    ];

    private static CheckResult? AppArmor(PodView pod, int minor)
    {
        var bad = new List<string>();
        if (pod.Metadata["annotations"] is JsonObject annotations)
        {
            foreach (var (key, value) in annotations)
            {
                if (!key.StartsWith(AppArmorAnnotationPrefix, StringComparison.Ordinal) || Text(value) is not { } profile) continue;
                if (profile != "runtime/default" && !profile.StartsWith("localhost/", StringComparison.Ordinal)) bad.Add($"{key}={Quote(profile)}");
            }
        }
        if (minor >= 30)
        {
            if (Text(pod.SecurityContext?["appArmorProfile"]?["type"]) is "Unconfined")
                bad.Add("pod must not set securityContext.appArmorProfile.type to \"Unconfined\"");
            foreach (var (name, container) in pod.Containers())
            {
                if (Text(container["securityContext"]?["appArmorProfile"]?["type"]) is "Unconfined")
                    bad.Add($"container {Quote(name)} must not set securityContext.appArmorProfile.type to \"Unconfined\"");
            }
        }
        return bad.Count == 0 ? null : new(Plural("forbidden AppArmor profile", "forbidden AppArmor profiles", bad.Count), string.Join(", ", Sorted(bad)));
    }

    private static CheckResult? Capabilities(PodView pod, int minor)
    {
        var containers = new List<string>();
        var forbidden = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            var added = Strings(container["securityContext"]?["capabilities"]?["add"]).Where(c => !DefaultCapabilities.Contains(c)).ToList();
            if (added.Count == 0) continue;
            containers.Add(name);
            forbidden.AddRange(added);
        }
        return containers.Count == 0 ? null
            : new("non-default capabilities", $"{Containers(containers)} must not include {JoinQuote(Sorted(forbidden))} in securityContext.capabilities.add");
    }

    private static CheckResult? HostNamespaces(PodView pod, int minor)
    {
        var set = new List<string>();
        if (Flag(pod.Spec["hostNetwork"]) == true) set.Add("hostNetwork=true");
        if (Flag(pod.Spec["hostPID"]) == true) set.Add("hostPID=true");
        if (Flag(pod.Spec["hostIPC"]) == true) set.Add("hostIPC=true");
        return set.Count == 0 ? null : new("host namespaces", string.Join(", ", set));
    }

    private static CheckResult? HostPathVolumes(PodView pod, int minor)
    {
        var volumes = pod.Volumes().Where(v => v.Volume["hostPath"] is not null).Select(v => v.Name).ToList();
        return volumes.Count == 0 ? null : new("hostPath volumes", $"{Plural("volume", "volumes", volumes.Count)} {JoinQuote(volumes)}");
    }

    private static CheckResult? HostPorts(PodView pod, int minor)
    {
        var containers = new List<string>();
        var ports = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            var used = false;
            foreach (var port in container["ports"] as JsonArray ?? [])
            {
                if (Number(port?["hostPort"]) is not (> 0 and var hostPort)) continue;
                used = true;
                ports.Add(hostPort.ToString(CultureInfo.InvariantCulture));
            }
            if (used) containers.Add(name);
        }
        return containers.Count == 0 ? null
            : new("hostPort", $"{Containers(containers)} {Plural("uses", "use", containers.Count)} {Plural("hostPort", "hostPorts", ports.Count)} {string.Join(", ", ports)}");
    }

    /// <summary>v1.34: probes and lifecycle handlers may not name a host (the kubelet would connect there, not to the pod).</summary>
    private static CheckResult? HostProbes(PodView pod, int minor)
    {
        var containers = new List<string>();
        var hosts = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            var used = false;
            foreach (var handler in new[] { container["livenessProbe"], container["readinessProbe"], container["startupProbe"], container["lifecycle"]?["postStart"], container["lifecycle"]?["preStop"] })
            {
                foreach (var host in new[] { Text(handler?["httpGet"]?["host"]), Text(handler?["tcpSocket"]?["host"]) })
                {
                    if (string.IsNullOrEmpty(host)) continue;
                    used = true;
                    hosts.Add(host);
                }
            }
            if (used) containers.Add(name);
        }
        return containers.Count == 0 ? null
            : new("probe or lifecycle host", $"{Containers(containers)} {Plural("uses", "use", containers.Count)} {Plural("probe or lifecycle host", "probe or lifecycle hosts", hosts.Count)} {JoinQuote(Sorted(hosts))}");
    }

    private static CheckResult? Privileged(PodView pod, int minor)
    {
        var containers = pod.Containers().Where(c => Flag(c.Container["securityContext"]?["privileged"]) == true).Select(c => c.Name).ToList();
        return containers.Count == 0 ? null : new("privileged", $"{Containers(containers)} must not set securityContext.privileged=true");
    }

    private static CheckResult? ProcMount(PodView pod, int minor)
    {
        // v1.35 leaves procMount free for pods in a user namespace (hostUsers: false).
        if (minor >= 35 && Flag(pod.Spec["hostUsers"]) == false) return null;
        var containers = new List<string>();
        var values = new List<string>();
        foreach (var (name, container) in pod.Containers())
        {
            if (Text(container["securityContext"]?["procMount"]) is not { } mount || mount == "Default") continue;
            containers.Add(name);
            values.Add(mount);
        }
        return containers.Count == 0 ? null : new("procMount", $"{Containers(containers)} must not set securityContext.procMount to {JoinQuote(Sorted(values))}");
    }

    private static CheckResult? SeLinux(PodView pod, int minor)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "", "container_t", "container_init_t", "container_kvm_t" };
        if (minor >= 31) allowed.Add("container_engine_t");
        var setters = new List<string>();
        var badTypes = new List<string>();
        bool setUser = false, setRole = false;
        bool Bad(JsonNode? options)
        {
            if (options is not JsonObject o) return false;
            var bad = false;
            if (Text(o["type"]) is { } type && !allowed.Contains(type))
            {
                badTypes.Add(type);
                bad = true;
            }
            if (!string.IsNullOrEmpty(Text(o["user"]))) bad = setUser = true;
            if (!string.IsNullOrEmpty(Text(o["role"]))) bad = setRole = true;
            return bad;
        }
        if (Bad(pod.SecurityContext?["seLinuxOptions"])) setters.Add("pod");
        var containers = pod.Containers().Where(c => Bad(c.Container["securityContext"]?["seLinuxOptions"])).Select(c => c.Name).ToList();
        if (containers.Count > 0) setters.Add(Containers(containers));
        if (setters.Count == 0) return null;
        var details = new List<string>();
        var types = Sorted(badTypes);
        if (types.Count > 0) details.Add($"{Plural("type", "types", types.Count)} {JoinQuote(types)}");
        if (setUser) details.Add("user may not be set");
        if (setRole) details.Add("role may not be set");
        return new("seLinuxOptions", $"{string.Join(" and ", setters)} set forbidden securityContext.seLinuxOptions: {string.Join("; ", details)}");
    }

    private static CheckResult? Seccomp(PodView pod, int minor)
    {
        var setters = new List<string>();
        if (Text(pod.SecurityContext?["seccompProfile"]?["type"]) == "Unconfined") setters.Add("pod");
        var containers = pod.Containers().Where(c => Text(c.Container["securityContext"]?["seccompProfile"]?["type"]) == "Unconfined").Select(c => c.Name).ToList();
        if (containers.Count > 0) setters.Add(Containers(containers));
        return setters.Count == 0 ? null : new("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }

    private static CheckResult? Sysctls(PodView pod, int minor)
    {
        var forbidden = new List<string>();
        foreach (var sysctl in pod.SecurityContext?["sysctls"] as JsonArray ?? [])
        {
            var name = Text(sysctl?["name"]) ?? "";
            if (!SafeSysctls.Any(s => s.Name == name && s.Since <= minor)) forbidden.Add(name);
        }
        return forbidden.Count == 0 ? null : new("forbidden sysctls", string.Join(", ", forbidden));
    }

    private static CheckResult? WindowsHostProcess(PodView pod, int minor)
    {
        var setters = new List<string>();
        if (Flag(pod.SecurityContext?["windowsOptions"]?["hostProcess"]) == true) setters.Add("pod");
        var containers = pod.Containers().Where(c => Flag(c.Container["securityContext"]?["windowsOptions"]?["hostProcess"]) == true).Select(c => c.Name).ToList();
        if (containers.Count > 0) setters.Add(Containers(containers));
        return setters.Count == 0 ? null : new("hostProcess", $"{string.Join(" and ", setters)} must not set securityContext.windowsOptions.hostProcess=true");
    }
}
