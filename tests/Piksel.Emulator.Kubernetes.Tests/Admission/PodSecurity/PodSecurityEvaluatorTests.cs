using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission.PodSecurity;

namespace Piksel.Emulator.Kubernetes.Tests.Admission.PodSecurity;

/// <summary>Each baseline and restricted check with pod-security-admission's reasons, details and order.</summary>
public sealed class PodSecurityEvaluatorTests
{
    private static readonly PodSecurityEvaluator Evaluator = new(33);
    private static readonly LevelVersion RestrictedLatest = new(PodSecurityLevel.Restricted, null);
    private static readonly LevelVersion BaselineLatest = new(PodSecurityLevel.Baseline, null);

    private static PodView Pod(string spec, string? metadata = null) =>
        new(metadata is null ? null : (JsonObject)JsonNode.Parse(metadata)!, (JsonObject)JsonNode.Parse(spec)!);

    private static string Check(LevelVersion level, string spec, string? metadata = null) =>
        PodSecurityEvaluator.Describe(Evaluator.Evaluate(level, Pod(spec, metadata)));

    /// <summary>A pod the restricted profile admits.</summary>
    private const string Compliant = """
        {"securityContext":{"runAsNonRoot":true,"runAsUser":1000,"seccompProfile":{"type":"RuntimeDefault"}},
         "containers":[{"name":"app","image":"nginx","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}
        """;

    [Fact]
    public void A_bare_pod_fails_restricted_with_the_four_reasons_in_the_real_order()
    {
        Assert.Equal(
            "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            Check(RestrictedLatest, """{"containers":[{"name":"app","image":"nginx"}]}"""));
        Assert.Equal("", Check(BaselineLatest, """{"containers":[{"name":"app","image":"nginx"}]}"""));
        Assert.Equal("", Check(LevelVersion.PrivilegedLatest, """{"hostNetwork":true,"containers":[{"name":"app","securityContext":{"privileged":true}}]}"""));
    }

    [Fact]
    public void A_compliant_pod_passes_every_level()
    {
        Assert.Equal("", Check(RestrictedLatest, Compliant));
        Assert.Equal("", Check(BaselineLatest, Compliant));
    }

    [Fact]
    public void Baseline_checks_name_each_violation()
    {
        var spec = """
            {"hostNetwork":true,"hostPID":true,"hostIPC":true,
             "securityContext":{"sysctls":[{"name":"kernel.msgmax","value":"1"},{"name":"net.ipv4.tcp_syncookies","value":"1"}],"seccompProfile":{"type":"Unconfined"},
                                "seLinuxOptions":{"type":"spc_t","user":"root"}},
             "volumes":[{"name":"host","hostPath":{"path":"/"}},{"name":"cfg","configMap":{"name":"x"}}],
             "initContainers":[{"name":"init","securityContext":{"capabilities":{"add":["NET_ADMIN","CHOWN"]},"procMount":"Unmasked"}}],
             "containers":[{"name":"a","ports":[{"containerPort":80,"hostPort":80}],"securityContext":{"privileged":true}},
                           {"name":"b","ports":[{"containerPort":443,"hostPort":8443}],"securityContext":{"privileged":true,"capabilities":{"add":["SYS_ADMIN"]}}}]}
            """;
        Assert.Equal(
            "forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/a=\"unconfined\"), " +
            "non-default capabilities (containers \"init\", \"b\" must not include \"NET_ADMIN\", \"SYS_ADMIN\" in securityContext.capabilities.add), " +
            "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true), " +
            "hostPath volumes (volume \"host\"), " +
            "hostPort (containers \"a\", \"b\" use hostPorts 80, 8443), " +
            "privileged (containers \"a\", \"b\" must not set securityContext.privileged=true), " +
            "procMount (container \"init\" must not set securityContext.procMount to \"Unmasked\"), " +
            "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set), " +
            "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\"), " +
            "forbidden sysctls (kernel.msgmax)",
            Check(BaselineLatest, spec, """{"annotations":{"container.apparmor.security.beta.kubernetes.io/a":"unconfined"}}"""));
    }

    [Fact]
    public void Windows_host_process_and_single_host_port_read_as_the_real_admission_writes_them()
    {
        Assert.Equal(
            "hostPort (container \"a\" uses hostPort 80), hostProcess (pod and container \"a\" must not set securityContext.windowsOptions.hostProcess=true)",
            Check(BaselineLatest, """
                {"securityContext":{"windowsOptions":{"hostProcess":true}},
                 "containers":[{"name":"a","ports":[{"hostPort":80}],"securityContext":{"windowsOptions":{"hostProcess":true}}}]}
                """));
    }

    [Fact]
    public void Restricted_overrides_the_baseline_capability_seccomp_and_hostPath_checks()
    {
        var spec = """
            {"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"Unconfined"}},
             "volumes":[{"name":"host","hostPath":{"path":"/"}},{"name":"share","nfs":{"server":"x","path":"/"}},{"name":"odd","somethingNew":{}}],
             "containers":[{"name":"app","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE","SYS_TIME"]}}}]}
            """;
        Assert.Equal(
            "unrestricted capabilities (container \"app\" must not include \"SYS_TIME\" in securityContext.capabilities.add), " +
            "restricted volume types (volumes \"host\", \"share\", \"odd\" use restricted volume types \"hostPath\", \"nfs\", \"unknown\"), " +
            "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\"; pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            Check(RestrictedLatest, spec));
    }

    [Fact]
    public void RunAsNonRoot_false_and_runAsUser_zero_name_pod_and_containers()
    {
        var spec = """
            {"securityContext":{"runAsNonRoot":false,"runAsUser":0,"seccompProfile":{"type":"RuntimeDefault"}},
             "containers":[{"name":"a","securityContext":{"runAsNonRoot":false,"runAsUser":0,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}},
                           {"name":"b","securityContext":{"allowPrivilegeEscalation":true,"capabilities":{"drop":["ALL"]}}}]}
            """;
        Assert.Equal(
            "allowPrivilegeEscalation != false (container \"b\" must set securityContext.allowPrivilegeEscalation=false), " +
            "runAsNonRoot != true (pod and container \"a\" must not set securityContext.runAsNonRoot=false), " +
            "runAsUser=0 (pod and container \"a\" must not set runAsUser=0)",
            Check(RestrictedLatest, spec));
    }

    [Fact]
    public void Older_policy_versions_leave_out_checks_introduced_later()
    {
        var rootPod = """
            {"securityContext":{"runAsNonRoot":true,"runAsUser":0,"seccompProfile":{"type":"RuntimeDefault"}},
             "containers":[{"name":"a","securityContext":{"allowPrivilegeEscalation":false}}]}
            """;
        Assert.Equal("", Check(new(PodSecurityLevel.Restricted, 21), rootPod));
        // v1.22 brought capabilities_restricted, v1.23 runAsUser.
        Assert.StartsWith("unrestricted capabilities", Check(new(PodSecurityLevel.Restricted, 22), rootPod), StringComparison.Ordinal);
        Assert.DoesNotContain("runAsUser", Check(new(PodSecurityLevel.Restricted, 22), rootPod), StringComparison.Ordinal);
        Assert.Contains("runAsUser=0", Check(new(PodSecurityLevel.Restricted, 23), rootPod), StringComparison.Ordinal);

        var sysctl = """{"securityContext":{"sysctls":[{"name":"net.ipv4.tcp_keepalive_time","value":"60"}]},"containers":[{"name":"a"}]}""";
        Assert.Equal("forbidden sysctls (net.ipv4.tcp_keepalive_time)", Check(new(PodSecurityLevel.Baseline, 28), sysctl));
        Assert.Equal("", Check(new(PodSecurityLevel.Baseline, 29), sysctl));

        // A version newer than the server evaluates as the server's own; v1.34's probe-host check does not exist at 1.33.
        var probe = """{"containers":[{"name":"a","livenessProbe":{"httpGet":{"host":"10.0.0.1","port":80}}}]}""";
        Assert.Equal("", Check(new(PodSecurityLevel.Baseline, 40), probe));
        Assert.Equal("probe or lifecycle host (container \"a\" uses probe or lifecycle host \"10.0.0.1\")",
            PodSecurityEvaluator.Describe(new PodSecurityEvaluator(34).Evaluate(BaselineLatest, Pod(probe))));
    }

    [Fact]
    public void Init_and_ephemeral_containers_are_checked_in_visit_order()
    {
        var spec = """
            {"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},
             "initContainers":[{"name":"init"}],
             "containers":[{"name":"app","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}],
             "ephemeralContainers":[{"name":"debug"}]}
            """;
        Assert.Equal(
            "allowPrivilegeEscalation != false (containers \"init\", \"debug\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (containers \"init\", \"debug\" must set securityContext.capabilities.drop=[\"ALL\"])",
            Check(RestrictedLatest, spec));
    }

    [Fact]
    public void Windows_pods_are_exempt_from_the_linux_only_restricted_checks_from_v1_25()
    {
        var spec = """{"os":{"name":"windows"},"securityContext":{"runAsNonRoot":true},"containers":[{"name":"a"}]}""";
        Assert.Equal("", Check(RestrictedLatest, spec));
        Assert.StartsWith("allowPrivilegeEscalation != false", Check(new(PodSecurityLevel.Restricted, 24), spec), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latest", true, null)]
    [InlineData("v1.27", true, 27)]
    [InlineData("v1.0", true, 0)]
    [InlineData("1.27", false, null)]
    [InlineData("v2.1", false, null)]
    [InlineData("v1.x", false, null)]
    [InlineData("v1.027", false, null)]
    [InlineData("", false, null)]
    public void Versions_parse_as_latest_or_v1_minor(string text, bool valid, int? minor)
    {
        Assert.Equal(valid, LevelVersion.TryParseVersion(text, out var parsed));
        if (valid) Assert.Equal(minor, parsed);
    }

    [Fact]
    public void Labels_give_the_policy_and_warn_follows_an_explicit_enforce()
    {
        var defaults = new PodSecurityOptions().Defaults;
        var (policy, errors) = PodSecurityPolicy.FromLabels(new JsonObject
        {
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/enforce-version"] = "v1.27",
        }, defaults);
        Assert.Empty(errors);
        Assert.Equal("restricted:v1.27", policy.Enforce.ToString());
        Assert.Equal("privileged:latest", policy.Audit.ToString());
        Assert.Equal("restricted:v1.27", policy.Warn.ToString());

        var (bad, badErrors) = PodSecurityPolicy.FromLabels(new JsonObject
        {
            ["pod-security.kubernetes.io/enforce"] = "strict",
            ["pod-security.kubernetes.io/warn-version"] = "1.27",
        }, defaults);
        Assert.Equal(PodSecurityLevel.Restricted, bad.Enforce.Level);
        Assert.Equal(
            [("metadata.labels[pod-security.kubernetes.io/enforce]", "strict", "must be one of privileged, baseline, restricted"),
             ("metadata.labels[pod-security.kubernetes.io/warn-version]", "1.27", "must be 'latest' or 'v1.x'")],
            badErrors);
    }
}
