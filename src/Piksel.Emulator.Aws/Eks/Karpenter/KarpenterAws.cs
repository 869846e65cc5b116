using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// How Karpenter's pod reaches AWS: a token for the <c>karpenter/karpenter</c> service account exchanged for its IRSA
/// role's session (AssumeRoleWithWebIdentity), then SigV4-signed EC2 (query protocol, XML answers) and SSM/SQS (JSON
/// protocols) calls. A refusal is an error carrying AWS's code, never an empty answer.
/// </summary>
internal sealed class KarpenterAws : IDisposable
{
    /// <summary>EC2's XML namespace.</summary>
    public static readonly XNamespace Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private const string Account = "karpenter";
    private static readonly JsonObject KarpenterAccount = new() { ["name"] = Account, ["namespace"] = Account };
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ControllerContext context;
    private readonly Uri endpoint;
    private readonly OperatorCredentials credentials;

    public KarpenterAws(ControllerContext context, Uri endpoint)
    {
        this.context = context;
        this.endpoint = endpoint;
        credentials = new OperatorCredentials(context.Client, new ProviderClient(http, endpoint, context.Time), context.Time);
    }

    /// <summary>True once the chart's service account exists (until then Karpenter has no credentials and nothing to read).</summary>
    public bool HasServiceAccount => context.Client.Get(BuiltInResources.ServiceAccounts, Account, Account) is not null;

    /// <summary>Calls EC2 <paramref name="action"/>; an error answer throws <see cref="ProviderException"/> with EC2's code.</summary>
    public async Task<XDocument> Ec2Async(string action, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["Action"] = action, ["Version"] = "2016-11-15" };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        var (ok, text) = await SendAsync(request, body, "ec2", cancellationToken);
        var xml = XDocument.Parse(text);
        if (!ok)
        {
            var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            throw new ProviderException($"EC2 {action}: {code}: {error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value}", code);
        }
        return xml;
    }

    /// <summary>Calls a JSON-protocol operation (<paramref name="target"/> of <paramref name="service"/>); an error answer throws with its code.</summary>
    public async Task<JsonObject> JsonAsync(string service, string target, string jsonVersion, JsonObject input, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/x-amz-json-{jsonVersion}");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var (ok, text) = await SendAsync(request, body, service, cancellationToken);
        var json = JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? [];
        if (!ok)
        {
            var type = json["__type"]?.GetValue<string>() ?? "UnknownError";
            var code = type[(type.LastIndexOf('#') + 1)..];
            throw new ProviderException($"{target}: {code}: {(json["message"] ?? json["Message"])?.GetValue<string>()}", code);
        }
        return json;
    }

    /// <summary>The <c>item</c>s of the first <paramref name="set"/> element.</summary>
    public static IEnumerable<XElement> Items(XContainer xml, string set) =>
        xml.Descendants(Ec2Ns + set).Take(1).Elements(Ec2Ns + "item");

    /// <summary>A child element's text, empty when absent.</summary>
    public static string Child(XElement parent, string name) => parent.Element(Ec2Ns + name)?.Value ?? "";

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private async Task<(bool Ok, string Body)> SendAsync(HttpRequestMessage request, byte[] body, string service, CancellationToken cancellationToken)
    {
        var (_, session) = await credentials.GetAsync(Account, KarpenterAccount, cancellationToken);
        SigV4Signer.Sign(request, body, session, context.Options.Region, service, context.Time.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
