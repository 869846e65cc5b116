using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf.ProtoWriter;

namespace Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf;

/// <summary>Request bodies in <c>application/vnd.kubernetes.protobuf</c> (what kubectl 1.33's typed clients send) decode as their JSON would.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProtobufBodyTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, byte[] body)
    {
        using var http = RawApi.Create(fixture.Server);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf, application/json");
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    [Fact]
    public async Task A_configmap_keeps_metadata_maps_owners_and_set_pointers_and_drops_empty_values()
    {
        var ns = await fixture.NewNamespaceAsync("pbcm");
        var body = Envelope("v1", "ConfigMap",
            NewObjectMeta("settings",
                Entry(11, "tier", "backend"),
                Entry(12, "note", "from protobuf"),
                Message(13, Text(1, "Deployment"), Text(3, "web"), Text(4, "1234"), Text(5, "apps/v1"), Varint(6, 1)),
                Text(14, "example.com/hold")),
            Varint(4, 0), // immutable: a pointer set to false stays
            Entry(2, "color", "blue"),
            Message(3, Text(1, "blob"), Bytes(2, [0, 1, 2, 255])));
        var (code, created) = await SendAsync(HttpMethod.Post, $"api/v1/namespaces/{ns}/configmaps", body);
        Assert.True(code == HttpStatusCode.Created, created.ToJsonString());

        var cm = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: Ct);
        Assert.Equal("blue", cm.Data["color"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, cm.BinaryData["blob"]);
        Assert.False(cm.Immutable);
        Assert.Equal("backend", cm.Metadata.Labels["tier"]);
        Assert.Equal("from protobuf", cm.Metadata.Annotations["note"]);
        Assert.Equal(["example.com/hold"], cm.Metadata.Finalizers);
        var owner = Assert.Single(cm.Metadata.OwnerReferences);
        Assert.Equal(("apps/v1", "Deployment", "web", "1234", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.Null(owner.BlockOwnerDeletion);
        // Empty strings and generation 0 are what gogo writes for unset value fields; JSON would have left them out.
        var raw = created["metadata"]!.AsObject();
        Assert.False(raw.ContainsKey("generateName"));
        Assert.False(raw.ContainsKey("selfLink"));
        Assert.False(raw.ContainsKey("generation"));
        Assert.NotEqual("", raw["uid"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, code);
    }

    [Fact]
    public async Task A_service_port_targets_a_name_or_a_number()
    {
        var ns = await fixture.NewNamespaceAsync("pbsvc");
        var body = Envelope("v1", "Service",
            NewObjectMeta("web"),
            Message(2,
                Message(1, Text(1, "http"), Text(2, "TCP"), Varint(3, 80), Message(4, Varint(1, 1), Varint(2, 0), Text(3, "web")), Varint(5, 0)),
                Message(1, Text(1, "metrics"), Text(2, "TCP"), Varint(3, 9090), Message(4, Varint(1, 0), Varint(2, 9091), Text(3, "")), Varint(5, 0)),
                Entry(2, "app", "web"),
                Text(3, ""), Text(4, "ClusterIP"), Text(7, ""), Varint(12, 0), Varint(13, 0)),
            Message(3, Message(1)));
        var (code, created) = await SendAsync(HttpMethod.Post, $"api/v1/namespaces/{ns}/services", body);
        Assert.True(code == HttpStatusCode.Created, created.ToJsonString());
        var svc = await fixture.Client.CoreV1.ReadNamespacedServiceAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(["web", "9091"], svc.Spec.Ports.Select(p => p.TargetPort.Value));
        Assert.Equal("ClusterIP", svc.Spec.Type);
        Assert.Equal("web", svc.Spec.Selector["app"]);
        Assert.NotEmpty(svc.Spec.ClusterIP);
        Assert.Equal("None", svc.Spec.SessionAffinity); // "" was dropped, so the server defaulted it
    }

    [Fact]
    public async Task Delete_options_in_protobuf_carry_preconditions()
    {
        var ns = await fixture.NewNamespaceAsync("pbdel");
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new() { Metadata = new() { Name = "kept" } }, ns, cancellationToken: Ct);
        var (code, status) = await SendAsync(HttpMethod.Delete, $"api/v1/namespaces/{ns}/configmaps/kept",
            Envelope("v1", "DeleteOptions", Message(2, Text(1, "not-the-uid")), Text(4, "Background")));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"kept\": Precondition failed: UID in precondition: not-the-uid", status["message"]?.GetValue<string>(), StringComparison.Ordinal);
        await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("kept", ns, cancellationToken: Ct);
    }

    [Fact]
    public async Task Kinds_without_a_protobuf_schema_are_415_and_bad_envelopes_400()
    {
        var ns = await fixture.NewNamespaceAsync("pb415");
        // NetworkPolicy has no protobuf schema here (kubectl has no generator that sends one).
        var (code, status) = await SendAsync(HttpMethod.Post, $"apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies", Envelope("networking.k8s.io/v1", "NetworkPolicy", NewObjectMeta("deny")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("UnsupportedMediaType", status["reason"]?.GetValue<string>());
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml", status["message"]?.GetValue<string>());

        (code, status) = await SendAsync(HttpMethod.Post, $"api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"json"}}"""u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]", status["message"]?.GetValue<string>());

        (code, _) = await SendAsync(HttpMethod.Post, $"api/v1/namespaces/{ns}/configmaps", [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x10, 0x0a]);
        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_kind_mismatch_is_refused_as_for_json()
    {
        var ns = await fixture.NewNamespaceAsync("pbkind");
        var (code, _) = await SendAsync(HttpMethod.Post, $"api/v1/namespaces/{ns}/configmaps", Envelope("v1", "Secret", NewObjectMeta("s")));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.ReadNamespacedSecretAsync("s", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }
}
