using System.Xml.Linq;

namespace Piksel.Platform.Aws.Http;

/// <summary>The awsQuery protocol (IAM, STS, RDS): form-encoded Action + Version, XML answers, ErrorResponse errors.</summary>
public abstract class QueryApiClient : IDisposable
{
    private readonly HttpClient http;
    private readonly string version;

    /// <summary>A client for <paramref name="service"/> (signing name) at API <paramref name="version"/>; <paramref name="globalHost"/> is the public endpoint when no ServiceUrl is set.</summary>
    protected QueryApiClient(AwsClientOptions options, string service, string version, string globalHost)
    {
        this.version = version;
        http = new HttpClient(new AwsRetryHandler(new AwsSigningHandler(options.ResolveCredentials(), options.Region, service), options.MaxAttempts))
        {
            BaseAddress = options.EndpointFor(service) ?? new Uri($"https://{globalHost}/"),
        };
    }

    /// <summary>Calls <paramref name="action"/> and returns its <c>&lt;ActionResult&gt;</c> element (namespace stripped from names).</summary>
    protected async Task<XElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        form.AddRange(parameters);
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync("/", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var root = Strip(XElement.Parse(text));
        if (!response.IsSuccessStatusCode)
        {
            var error = root.Element("Error");
            throw new AwsApiException(error?.Element("Code")?.Value ?? "Unknown", error?.Element("Message")?.Value ?? text,
                response.StatusCode, root.Element("RequestId")?.Value);
        }
        return root.Element(action + "Result") ?? new XElement(action + "Result");
    }

    /// <summary>Adds <c>prefix.member.N</c> entries for a list.</summary>
    protected static IEnumerable<KeyValuePair<string, string>> Members(string prefix, IEnumerable<string> values) =>
        values.Select((v, i) => KeyValuePair.Create($"{prefix}.member.{i + 1}", v));

    /// <summary>Reads <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/name&gt;</c> lists.</summary>
    protected internal static IEnumerable<XElement> MembersOf(XElement? parent, string name) =>
        parent?.Element(name)?.Elements("member") ?? [];

    private static XElement Strip(XElement element)
    {
        foreach (var e in element.DescendantsAndSelf()) e.Name = e.Name.LocalName;
        return element;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        http.Dispose();
        GC.SuppressFinalize(this);
    }
}
