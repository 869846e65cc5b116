using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Aws.Eks.Volumes;

/// <summary>A volume as DescribeVolumes tells it: its state, and the instance and device of its attachment (if any) with that attachment's state.</summary>
internal sealed record EbsVolumeState(string VolumeId, string State, string? InstanceId, string? Device, string? AttachmentState);

/// <summary>
/// The EBS CSI controller's EC2 client: EC2's query protocol over HTTP to the AWS endpoint, signed with the session of
/// the controller's service account's IRSA role (a projected token for <c>kube-system/ebs-csi-controller-sa</c>,
/// exchanged with AssumeRoleWithWebIdentity), so the driver's IAM policy decides what it may do.
/// </summary>
internal sealed class EbsEc2Client : IDisposable
{
    private static readonly XNamespace Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static readonly JsonObject ControllerAccount = new() { ["name"] = EbsCsiController.ServiceAccount, ["namespace"] = "kube-system" };

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ControllerContext context;
    private readonly Uri endpoint;
    private readonly OperatorCredentials credentials;

    /// <summary>A client for the cluster <paramref name="context"/> runs, calling <paramref name="endpoint"/>.</summary>
    public EbsEc2Client(ControllerContext context, Uri endpoint)
    {
        this.context = context;
        this.endpoint = endpoint;
        // The token is the one the kubelet projects into the controller's pod: asked for by a node, not by the driver.
        var kubelet = context.ClientFor(ControllerIdentities.Kubelet);
        credentials = new OperatorCredentials(kubelet, new ProviderClient(http, endpoint, context.Time), context.Time);
    }

    /// <summary>Calls <paramref name="action"/> with <paramref name="parameters"/>; an EC2 error is a <see cref="ProviderException"/> worded as the Go SDK words it.</summary>
    public async Task<XDocument> CallAsync(string action, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["Action"] = action, ["Version"] = "2016-11-15" };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        var (_, session) = await credentials.GetAsync("kube-system", ControllerAccount, cancellationToken);
        SigV4Signer.Sign(request, body, session, context.Options.Region, "ec2", context.Time.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        XDocument xml;
        try { xml = XDocument.Parse(text); }
        catch (System.Xml.XmlException) { throw new ProviderException($"operation error EC2: {action}, https response error StatusCode: {(int)response.StatusCode}"); }
        if (response.IsSuccessStatusCode) return xml;
        var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
        var code = Child(error, "Code") ?? "UnknownError";
        var requestId = xml.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestID" or "RequestId")?.Value;
        throw new ProviderException(string.Create(CultureInfo.InvariantCulture,
            $"operation error EC2: {action}, https response error StatusCode: {(int)response.StatusCode}, RequestID: {requestId}, api error {code}: {Child(error, "Message")}"), code);
    }

    /// <summary>The volume's state and attachment, or null when EC2 does not know it.</summary>
    public async Task<EbsVolumeState?> DescribeVolumeAsync(string volumeId, CancellationToken cancellationToken)
    {
        XDocument xml;
        try { xml = await CallAsync("DescribeVolumes", new Dictionary<string, string> { ["VolumeId.1"] = volumeId }, cancellationToken); }
        catch (ProviderException e) when (e.Code == "InvalidVolume.NotFound") { return null; }
        var volume = xml.Descendants(Ec2Ns + "volumeSet").Elements(Ec2Ns + "item").FirstOrDefault();
        if (volume is null) return null;
        var attachment = volume.Element(Ec2Ns + "attachmentSet")?.Elements(Ec2Ns + "item").FirstOrDefault();
        return new EbsVolumeState(volumeId, Child(volume, "status") ?? "", Child(attachment, "instanceId"), Child(attachment, "device"), Child(attachment, "status"));
    }

    /// <summary>The devices of the volumes attached (or attaching) to <paramref name="instanceId"/>.</summary>
    public async Task<IReadOnlySet<string>> DevicesInUseAsync(string instanceId, CancellationToken cancellationToken)
    {
        var xml = await CallAsync("DescribeVolumes", new Dictionary<string, string>
        {
            ["Filter.1.Name"] = "attachment.instance-id",
            ["Filter.1.Value.1"] = instanceId,
        }, cancellationToken);
        return xml.Descendants(Ec2Ns + "attachmentSet").Elements(Ec2Ns + "item").Select(a => Child(a, "device") ?? "").ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The id of the volume CreateVolume made.</summary>
    public static string VolumeIdOf(XDocument created) => created.Root?.Element(Ec2Ns + "volumeId")?.Value ?? "";

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private static string? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
