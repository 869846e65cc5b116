using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class StorageTableTests(ClusterFixture fixture)
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> GetAsync(string path)
    {
        using var http = RawApi.Create(fixture.Server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(KubectlAccept);
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static string[] Columns(JsonElement table, int priority = 0) =>
        [.. table.GetProperty("columnDefinitions").EnumerateArray().Where(c => c.GetProperty("priority").GetInt32() == priority).Select(c => c.GetProperty("name").GetString()!)];

    private static JsonElement Cells(JsonElement table) => Assert.Single(table.GetProperty("rows").EnumerateArray()).GetProperty("cells");

    [Fact]
    public async Task Claims_volumes_and_classes_print_kubectls_columns_once_bound()
    {
        var ns = await fixture.NewNamespaceAsync("storage-table");
        var k = fixture.Client;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sc, pv) = ($"manual-{suffix}", $"pv-{suffix}");
        await k.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = sc, Annotations = new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" } },
            Provisioner = "kubernetes.io/no-provisioner",
            ReclaimPolicy = "Retain",
        }, cancellationToken: Ct);
        try
        {
            await k.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
            {
                Metadata = new V1ObjectMeta { Name = pv },
                Spec = new V1PersistentVolumeSpec
                {
                    Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") },
                    AccessModes = ["ReadWriteMany", "ReadWriteOnce"],
                    PersistentVolumeReclaimPolicy = "Retain",
                    StorageClassName = sc,
                    VolumeMode = "Filesystem",
                    HostPath = new V1HostPathVolumeSource { Path = "/data" },
                },
            }, cancellationToken: Ct);
            await k.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "data" },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = sc,
                    VolumeMode = "Filesystem",
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            }, ns, cancellationToken: Ct);
            await fixture.Server.SettleAsync(cancellationToken: Ct); // the persistent volume controller binds them

            var claims = await GetAsync($"api/v1/namespaces/{ns}/persistentvolumeclaims");
            Assert.Equal(["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age"], Columns(claims));
            Assert.Equal(["VolumeMode"], Columns(claims, priority: 1));
            var claim = Cells(claims);
            Assert.Equal(["data", "Bound", pv, "5Gi", "RWO,RWX", sc, "<unset>"], claim.EnumerateArray().Take(7).Select(c => c.GetString()));
            Assert.Equal("Filesystem", claim[8].GetString());

            var volume = Cells(await GetAsync($"api/v1/persistentvolumes/{pv}"));
            Assert.Equal([pv, "5Gi", "RWO,RWX", "Retain", "Bound", $"{ns}/data", sc, "<unset>", ""], volume.EnumerateArray().Take(9).Select(c => c.GetString()));

            var classes = await GetAsync($"apis/storage.k8s.io/v1/storageclasses/{sc}");
            Assert.Equal(["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"], Columns(classes));
            var cls = Cells(classes);
            Assert.Equal([$"{sc} (default)", "kubernetes.io/no-provisioner", "Retain", "Immediate"], cls.EnumerateArray().Take(4).Select(c => c.GetString()));
            Assert.False(cls[4].GetBoolean());
        }
        finally
        {
            // A second default class would change what other tests' claims without a class get.
            await k.StorageV1.DeleteStorageClassAsync(sc, cancellationToken: Ct);
        }
    }

    [Fact]
    public async Task Events_print_last_seen_type_reason_object_and_message()
    {
        var ns = await fixture.NewNamespaceAsync("event-table");
        await fixture.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = ns, FieldPath = "spec.containers{app}" },
            Reason = "BackOff",
            Message = "Back-off restarting failed container\n",
            Type = "Warning",
            Count = 4,
            Source = new V1EventSource { Component = "kubelet", Host = "node-a" },
        }, ns, cancellationToken: Ct);

        var events = await GetAsync($"api/v1/namespaces/{ns}/events");
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Message"], Columns(events));
        Assert.Equal(["Subobject", "Source", "First Seen", "Count", "Name"], Columns(events, priority: 1));
        var cells = Cells(events);
        Assert.Equal(["Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet, node-a", "Back-off restarting failed container"],
            cells.EnumerateArray().Skip(1).Take(6).Select(c => c.GetString()));
        Assert.Equal(4, cells[8].GetInt64());
        Assert.Equal("web.1", cells[9].GetString());
    }

    [Fact]
    public void An_event_with_only_an_event_time_is_seen_once_then_as_its_series_says()
    {
        var (columns, cells) = TablePrinters.For("events.k8s.io", "Event");
        Assert.Equal(10, columns.Count);
        var ev = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "claim.1" },
            ["eventTime"] = "2026-03-01T11:55:00.000000Z",
            ["regarding"] = new JsonObject { ["kind"] = "PersistentVolumeClaim", ["name"] = "data" },
            ["reportingController"] = "ebs.csi.aws.com",
            ["reason"] = "Provisioning",
            ["type"] = "Normal",
            ["note"] = "External provisioner is provisioning volume",
        };
        Assert.Equal(["5m", "Normal", "Provisioning", "persistentvolumeclaim/data", "", "ebs.csi.aws.com", "External provisioner is provisioning volume", "5m", "1", "claim.1"],
            cells(ev, Now).Select(c => c?.ToString()));

        ev["series"] = new JsonObject { ["count"] = 3L, ["lastObservedTime"] = "2026-03-01T11:59:30.000000Z" };
        var repeated = cells(ev, Now).ToList();
        Assert.Equal(("30s", "5m", 3L), (repeated[0]!.ToString(), repeated[7]!.ToString(), repeated[8]!.GetValue<long>()));
    }

    [Fact]
    public void A_core_event_without_times_prints_unknown()
    {
        var (_, cells) = TablePrinters.For("", "Event");
        var row = cells(new JsonObject { ["involvedObject"] = new JsonObject { ["kind"] = "Node" } }, Now).Select(c => c?.ToString()).ToList();
        Assert.Equal(("<unknown>", "node", "<unknown>", "1"), (row[0], row[3], row[7], row[8]));
    }

    [Fact]
    public void Volume_attachments_print_attacher_volume_node_and_whether_attached()
    {
        var (columns, cells) = TablePrinters.For("storage.k8s.io", "VolumeAttachment");
        Assert.Equal(["Name", "Attacher", "PV", "Node", "Attached", "Age"], columns.Select(c => c.Name));
        var attachment = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "csi-0a1b", ["creationTimestamp"] = "2026-03-01T11:00:00Z" },
            ["spec"] = new JsonObject { ["attacher"] = "ebs.csi.aws.com", ["nodeName"] = "ip-10-0-1-5", ["source"] = new JsonObject { ["persistentVolumeName"] = "pvc-1" } },
            ["status"] = new JsonObject { ["attached"] = true },
        };
        Assert.Equal(["csi-0a1b", "ebs.csi.aws.com", "pvc-1", "ip-10-0-1-5", "true", "60m"], cells(attachment, Now).Select(c => c?.ToString()));
    }

    [Theory]
    [InlineData("[\"ReadWriteOncePod\",\"ReadOnlyMany\",\"ReadOnlyMany\"]", "ROX,RWOP")]
    [InlineData("[\"ReadWriteMany\",\"ReadWriteOnce\"]", "RWO,RWX")]
    [InlineData("[]", "")]
    public void Access_modes_print_short_in_a_fixed_order(string modes, string expected) =>
        Assert.Equal(expected, StorageTablePrinters.AccessModes(JsonNode.Parse(modes)));
}
