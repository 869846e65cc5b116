using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest.Protobuf;
using static Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf.ProtoWriter;

namespace Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf;

/// <summary>Workload kinds decoded from hand-encoded protobuf bodies, written the way gogo-protobuf writes them.</summary>
public sealed class WorkloadBodyTests
{
    /// <summary>IntOrString: type 0 with intVal, or type 1 with strVal (gogo writes all three fields).</summary>
    private static byte[] IntOrString(int number, int value) => Message(number, Varint(1, 0), Varint(2, value), Text(3, ""));

    private static byte[] IntOrString(int number, string value) => Message(number, Varint(1, 1), Varint(2, 0), Text(3, value));

    private static byte[] Quantity(int number, string key, string value) => Message(number, Text(1, key), Message(2, Text(1, value)));

    private static byte[] Container() => Message(2,
        Text(1, "web"), Text(2, "nginx:1.27"), Text(5, ""),
        Message(6, Text(1, "http"), Varint(2, 0), Varint(3, 80), Text(4, "TCP"), Text(5, "")),
        Message(7, Text(1, "MODE"), Text(2, "prod")),
        Message(7, Text(1, "PASSWORD"), Text(2, ""), Message(3, Message(4, Message(1, Text(1, "creds")), Text(2, "password")))),
        Message(19, Text(1, "CFG_"), Message(2, Message(1, Text(1, "settings")), Varint(2, 1))),
        Message(8, Quantity(1, "memory", "256Mi"), Quantity(2, "cpu", "250m"), Quantity(2, "memory", "128Mi")),
        Message(9, Text(1, "cfg"), Varint(2, 1), Text(3, "/etc/web"), Text(4, ""), Text(6, "")),
        Message(10, Message(1, Message(2, Text(1, "/healthz"), IntOrString(2, "http"), Text(3, ""), Text(4, "HTTP"))),
            Varint(2, 5), Varint(3, 1), Varint(4, 10), Varint(5, 1), Varint(6, 3)),
        Message(11, Message(1, Message(3, IntOrString(1, 80), Text(2, ""))), Varint(2, 0)),
        Message(22, Message(1, Message(4, Varint(1, 9090))), Varint(2, 0)),
        Message(12, Message(2, Message(1, Text(1, "sh"), Text(1, "-c"), Text(1, "sleep 5")))),
        Text(13, "/dev/termination-log"), Text(14, "IfNotPresent"),
        Message(15, Message(1, Text(2, "ALL")), Varint(5, 1), Varint(7, 0), Message(11, Text(1, "RuntimeDefault"))),
        Varint(16, 0), Varint(17, 0), Varint(18, 0), Text(20, "File"));

    private static byte[] PodSpec() => Message(2,
        Message(1, Text(1, "cfg"), Message(2, Message(19, Message(1, Text(1, "settings")), Varint(3, 420)))),
        Message(1, Text(1, "scratch"), Message(2, Message(2, Text(1, "Memory"), Message(2, Text(1, "64Mi"))))),
        Message(1, Text(1, "token"), Message(2, Message(26, Message(1, Message(4, Text(1, "sts.amazonaws.com"), Varint(2, 86400), Text(3, "token")))))),
        Message(1, Text(1, "data"), Message(2, Message(10, Text(1, "data-web-0"), Varint(2, 0)))),
        Container(),
        Text(3, "Always"), Varint(4, 30), Text(6, "ClusterFirst"),
        Message(7, Text(1, "kubernetes.io/os"), Text(2, "linux")),
        Text(8, "web"), Text(9, ""), Varint(21, 0), Text(10, ""),
        Varint(11, 0), Varint(12, 0), Varint(13, 0),
        Message(14, Varint(2, 1000), Varint(3, 1), Bytes(4, [0xe8, 0x07, 0xd0, 0x0f]), Varint(5, 2000), Message(10, Text(1, "RuntimeDefault"))),
        Message(18, Message(3, Message(2, Varint(1, 100), Message(2, Message(1, Message(1, Text(1, "app"), Text(2, "web"))), Text(3, "kubernetes.io/hostname"))))),
        Text(19, "default-scheduler"),
        Message(22, Text(1, "dedicated"), Text(2, "Equal"), Text(3, "web"), Text(4, "NoExecute"), Varint(5, 300)),
        Varint(25, -5),
        Message(33, Varint(1, 1), Text(2, "topology.kubernetes.io/zone"), Text(3, "ScheduleAnyway"),
            Message(4, Message(2, Text(1, "app"), Text(2, "In"), Text(3, "web"), Text(3, "api")))));

    private static byte[] Deployment() => Envelope("apps/v1", "Deployment",
        NewObjectMeta("web", Entry(11, "app", "web")),
        Message(2,
            Varint(1, 0),
            Message(2, Entry(1, "app", "web")),
            Message(3, NewObjectMeta("", Entry(11, "app", "web")), PodSpec()),
            Message(4, Text(1, "RollingUpdate"), Message(2, IntOrString(1, 0), IntOrString(2, "25%"))),
            Varint(5, 0), Varint(6, 10), Varint(7, 0), Varint(9, 600)),
        Message(3, Varint(1, 0), Varint(2, 0)));

    private const string ExpectedDeployment = """
        {"kind":"Deployment","apiVersion":"apps/v1",
         "metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
         "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
           "spec":{
            "volumes":[
             {"name":"cfg","configMap":{"name":"settings","defaultMode":420}},
             {"name":"scratch","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}},
             {"name":"token","projected":{"sources":[{"serviceAccountToken":{"audience":"sts.amazonaws.com","expirationSeconds":86400,"path":"token"}}]}},
             {"name":"data","persistentVolumeClaim":{"claimName":"data-web-0"}}],
            "containers":[{"name":"web","image":"nginx:1.27",
             "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
             "envFrom":[{"prefix":"CFG_","configMapRef":{"name":"settings","optional":true}}],
             "env":[{"name":"MODE","value":"prod"},{"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"creds","key":"password"}}}],
             "resources":{"limits":{"memory":"256Mi"},"requests":{"cpu":"250m","memory":"128Mi"}},
             "volumeMounts":[{"name":"cfg","readOnly":true,"mountPath":"/etc/web"}],
             "livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"initialDelaySeconds":5,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
             "readinessProbe":{"tcpSocket":{"port":80}},
             "startupProbe":{"grpc":{"port":9090}},
             "lifecycle":{"preStop":{"exec":{"command":["sh","-c","sleep 5"]}}},
             "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent",
             "securityContext":{"capabilities":{"drop":["ALL"]},"runAsNonRoot":true,"allowPrivilegeEscalation":false,"seccompProfile":{"type":"RuntimeDefault"}}}],
            "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
            "nodeSelector":{"kubernetes.io/os":"linux"},"serviceAccountName":"web","automountServiceAccountToken":false,
            "securityContext":{"runAsUser":1000,"runAsNonRoot":true,"supplementalGroups":[1000,2000],"fsGroup":2000,"seccompProfile":{"type":"RuntimeDefault"}},
            "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}}]}},
            "schedulerName":"default-scheduler",
            "tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoExecute","tolerationSeconds":300}],
            "priority":-5,
            "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"ScheduleAnyway","labelSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}}]}},
          "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}},
          "revisionHistoryLimit":10,"progressDeadlineSeconds":600},
         "status":{}}
        """;

    [Fact]
    public void A_deployment_decodes_to_the_json_kubectl_would_have_sent()
    {
        var decoded = ProtobufBodies.Decode(Deployment());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ExpectedDeployment), decoded), decoded.ToJsonString());
    }

    [Fact]
    public void A_cron_job_keeps_its_pointers_and_job_template()
    {
        var body = Envelope("batch/v1", "CronJob", NewObjectMeta("tick"),
            Message(2, Text(1, "*/5 * * * *"), Text(8, "Europe/Helsinki"), Text(3, "Forbid"), Varint(4, 0),
                Message(5, NewObjectMeta("tick"), Message(2, Varint(7, 0), Varint(10, 0), Message(6, NewObjectMeta(""),
                    Message(2, Container(), Text(3, "OnFailure"))))),
                Varint(6, 3)),
            Message(3));
        var decoded = ProtobufBodies.Decode(body);
        var spec = decoded["spec"]!;
        Assert.Equal(("*/5 * * * *", "Europe/Helsinki", "Forbid", false, 3), (spec["schedule"]!.GetValue<string>(), spec["timeZone"]!.GetValue<string>(),
            spec["concurrencyPolicy"]!.GetValue<string>(), spec["suspend"]!.GetValue<bool>(), spec["successfulJobsHistoryLimit"]!.GetValue<int>()));
        var job = spec["jobTemplate"]!["spec"]!;
        // backoffLimit and suspend are pointers set to zero: JSON would have sent them too.
        Assert.Equal((0, false), (job["backoffLimit"]!.GetValue<int>(), job["suspend"]!.GetValue<bool>()));
        Assert.Equal("OnFailure", job["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.False(job.AsObject().ContainsKey("parallelism"));
    }

    [Fact]
    public void A_stateful_set_carries_whole_claim_templates()
    {
        var body = Envelope("apps/v1", "StatefulSet", NewObjectMeta("db"),
            Message(2, Varint(1, 3), Message(3, NewObjectMeta(""), Message(2, Container())),
                Message(4, NewObjectMeta("data"), Message(2, Text(1, "ReadWriteOnce"), Message(2, Quantity(2, "storage", "10Gi")), Text(5, "gp3")), Message(3)),
                Text(5, "db"), Text(6, "Parallel"), Message(7, Text(1, "RollingUpdate"), Message(2, Varint(1, 1), IntOrString(2, "50%")))));
        var spec = ProtobufBodies.Decode(body)["spec"]!;
        var claim = spec["volumeClaimTemplates"]![0]!;
        Assert.Equal("""{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"10Gi"}},"storageClassName":"gp3"}""", claim["spec"]!.ToJsonString());
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"partition":1,"maxUnavailable":"50%"}}""", spec["updateStrategy"]!.ToJsonString());
    }

    public static TheoryData<string> Garbage() => new()
    {
        "truncated",
        "length past the end",
        "huge length",
        "wrong wire type",
        "group wire type",
        "overlong varint",
        "time out of range",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Malformed_workload_bodies_are_400_statuses(string how)
    {
        var good = Deployment();
        var body = how switch
        {
            "truncated" => good[..(good.Length - 7)],
            "length past the end" => Envelope("apps/v1", "Deployment", [0x12, 0x05, 0x08]),
            "huge length" => Envelope("apps/v1", "Deployment", [0x12, 0xff, 0xff, 0xff, 0xff, 0x07]),
            "wrong wire type" => Envelope("apps/v1", "Deployment", Varint(2, 1)),
            "group wire type" => Envelope("apps/v1", "Deployment", [0x13]),
            "overlong varint" => Envelope("apps/v1", "Deployment", [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
            "time out of range" => Envelope("apps/v1", "Deployment", Message(1, Message(8, Varint(1, long.MaxValue)))),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
        var e = Assert.Throws<StatusException>(() => ProtobufBodies.Decode(body));
        Assert.Equal(HttpStatusCode.BadRequest, e.Code);
    }
}
